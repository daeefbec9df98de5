import { createAlertStore } from '../../lib/alerts/alert-store';
import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import { createAlertRoutes } from '../alerts/alert-routes';
import { createThresholdRoutes } from '../alerts/threshold-routes';
import { createAuthService } from '../auth/auth-service';
import { stampPeerAddress } from '../auth/peer-address';
import { authenticateSockets } from '../auth/socket-auth';
import { pageAccess } from '../web/page-access';
import { setServerContext } from '../context';
import { checkHealth } from '../health/check-health';
import { startIngest } from '../ingest/start-ingest';
import { createAlertReader } from '../inventory/alert-reader';
import { createInventoryRoutes } from '../inventory/inventory-routes';
import { createMovementSource } from '../inventory/movement-source';
import { createReservationRoutes } from '../inventory/reservation-routes';
import { startReservationSweeper } from '../inventory/reservation-sweeper';
import { createReservationStore } from '../inventory/reservations';
import { createStockReader } from '../inventory/stock-reader';
import { createThresholdStore } from '../inventory/threshold-store';
import { createDashboardService } from '../kpis/dashboard-service';
import { createHistorySource } from '../kpis/history-source';
import { createKpiRoutes } from '../kpis/kpi-routes';
import { createKpiService } from '../kpis/kpi-service';
import { createLiveSource } from '../kpis/live-source';
import { createStoreDirectory } from '../kpis/store-directory';
import { createExceptionsService } from '../loss/exceptions-service';
import { createHistoryExceptions } from '../loss/history-exceptions';
import { createLiveExceptions } from '../loss/live-exceptions';
import { createJournalRoutes } from '../loss/journal-routes';
import { createJournalService } from '../loss/journal-service';
import { createLossRoutes } from '../loss/loss-routes';
import { createRiskRoutes } from '../loss/risk-routes';
import { createAlertsReader } from '../loss/rules-alerts';
import { createBacktest } from '../loss/rules-backtest';
import { createRuleRoutes } from '../loss/rules-routes';
import { createRuleStore } from '../loss/rules-store';
import { createRiskService } from '../loss/risk-service';
import { createAcknowledgementService } from '../promotions/acknowledgement-service';
import { createEffectService } from '../promotions/effect-service';
import { createPromotionPublisher } from '../promotions/promotion-publisher';
import { createPromotionRoutes } from '../promotions/promotion-routes';
import { createPromotionService } from '../promotions/promotion-service';
import { createPromotionStore } from '../promotions/promotion-store';
import { createSkuDirectory } from '../promotions/sku-directory';
import { startTopicPromotions } from '../promotions/topic-promotions';
import { createRiskWeightStore } from '../loss/risk-weights';
import { openApiDocument } from '../openapi/api';
import { createOpsRoutes } from '../ops/ops-routes';
import { createOpsService } from '../ops/ops-service';
import { createActivityHistory } from '../stores/activity-history';
import { createStoreActivityRoutes } from '../stores/activity-routes';
import { createStoreActivityService } from '../stores/activity-service';
import { startHealthBroadcast } from '../web/health-broadcast';
import { startHttpServer } from '../web/http-server';
import { startLiveRelay } from '../web/live-relay';
import type { Role } from './role';

const VERSION = process.env.npm_package_version ?? '0.1.0';
/** How often expired stock reservations are released (the lead may move this to the inventory worker's role). */
const RESERVATION_SWEEP_MS = 1000;

/** Next.js dashboard + API + Socket.IO on PORT. */
export const webRole: Role = {
  name: 'web',
  description: 'the dashboard, its API and the Socket.IO live push (PORT)',
  needsClickHouse: true,
  start: async ({ config, endpoints, log, clickhouse }) => {
    if (!clickhouse) throw new Error('web role started without a ClickHouse client');
    const wlog = log.child({ role: 'web' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-web');
    // First: a bad SESSION_SECRET stops the start before anything else is started.
    const auth = createAuthService({ redis, sessionSecret: config.SESSION_SECRET, log: wlog });
    // Health questions must fail fast when Kafka is down, so this client does not retry.
    const kafkaAdmin = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'tillstream-web-health', log: wlog }).admin({
      retry: { retries: 0 },
    });
    redis.on('error', (err: Error) => wlog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => wlog.warn({ err: err.message }, 'redis not reachable yet'));
    await kafkaAdmin.connect().catch((err: Error) => wlog.warn({ err: err.message }, 'kafka not reachable yet'));
    const health = () => checkHealth({ kafka: kafkaAdmin, redis, clickhouse });
    const ingest = await startIngest({ endpoints, log: wlog });
    await auth.seedDemoUsers();
    const stores = createStoreDirectory(redis);
    const kpiDeps = { live: createLiveSource(redis), history: createHistorySource(clickhouse), stores, hqTimezone: config.HQ_TIMEZONE };
    const kpiService = createKpiService(kpiDeps);
    const dashboard = createDashboardService({ ...kpiDeps, redis });
    const kpis = createKpiRoutes({ service: kpiService, dashboard, redis, stores, requirePrincipal: auth.http.requirePrincipal, log: wlog });
    const storeActivity = createStoreActivityRoutes({
      service: createStoreActivityService({ redis, stores, history: createActivityHistory(clickhouse), log: wlog }),
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const reservationStore = createReservationStore(redis);
    const reservations = createReservationRoutes({ store: reservationStore, requirePrincipal: auth.http.requirePrincipal, log: wlog });
    const inventory = createInventoryRoutes({
      stock: createStockReader(redis),
      movements: createMovementSource(clickhouse),
      alerts: createAlertReader(redis, wlog),
      thresholds: createThresholdStore(redis),
      stores,
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const exceptions = createExceptionsService({ live: createLiveExceptions(redis), history: createHistoryExceptions(clickhouse), stores, hqTimezone: config.HQ_TIMEZONE });
    const loss = createLossRoutes({
      service: exceptions,
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const ruleStore = createRuleStore(redis);
    const lossAlerts = createAlertsReader({ redis, stores });
    const lossRisk = createRiskRoutes({
      service: createRiskService({
        exceptions,
        weights: createRiskWeightStore(redis),
        hits: lossAlerts,
        ruleName: async (ruleId) => (await ruleStore.get(ruleId))?.rule.name ?? null,
      }),
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const lossJournal = createJournalRoutes({
      service: createJournalService({ ch: clickhouse, stores, hqTimezone: config.HQ_TIMEZONE }),
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const lossRules = createRuleRoutes({
      store: ruleStore,
      backtest: createBacktest({ ch: clickhouse, stores, hqTimezone: config.HQ_TIMEZONE }),
      alerts: lossAlerts,
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const promotionStore = createPromotionStore(redis);
    const topicPromotions = startTopicPromotions({ brokers: endpoints.kafkaBrokers, log: wlog });
    const skus = createSkuDirectory(redis);
    const promotionService = createPromotionService({
      store: promotionStore,
      publish: createPromotionPublisher({ redis, publisher: ingest.publisher }),
      stores,
      skus,
      topic: () => topicPromotions.inForce(),
    });
    const promotions = createPromotionRoutes({
      service: promotionService,
      acknowledgements: createAcknowledgementService({ ch: clickhouse, promotion: async (id) => (await promotionService.get(id)).promotion, stores }),
      effect: createEffectService({ ch: clickhouse, store: promotionStore, stores, skus }),
      requirePrincipal: auth.http.requirePrincipal,
      log: wlog,
    });
    const ops = createOpsRoutes({
      service: createOpsService({ redis, kafkaAdmin, stores, health }),
      requirePrincipal: auth.http.requirePrincipal,
      metricsToken: config.METRICS_TOKEN,
      log: wlog,
    });
    setServerContext({
      health,
      version: VERSION,
      startedAt: new Date().toISOString(),
      ingest: ingest.service,
      auth: auth.http,
      kpis,
      storeActivity,
      reservations,
      inventory,
      loss,
      lossRisk,
      lossJournal,
      lossRules,
      promotions,
      ops,
      alerts: createAlertRoutes({ alerts: createAlertStore(redis), requirePrincipal: auth.http.requirePrincipal, log: wlog }),
      alertThresholds: createThresholdRoutes({ redis, requirePrincipal: auth.http.requirePrincipal, log: wlog }),
      pageAccess,
      openApi: () => openApiDocument(VERSION),
    });
    const web = await startHttpServer({ host: config.HOST, port: config.PORT, dev: config.NODE_ENV === 'development', log: wlog });
    stampPeerAddress(web.io.httpServer);
    const sockets = authenticateSockets(web.io, auth.sessions, { log: wlog });
    const stopBroadcast = startHealthBroadcast(web.io, health);
    const stopRelay = await startLiveRelay(web.io, endpoints.redisUrl, wlog);
    const stopSweeper = startReservationSweeper(reservationStore, wlog, RESERVATION_SWEEP_MS);
    wlog.info({ url: web.url }, 'dashboard listening');
    return async () => {
      stopBroadcast();
      await stopRelay();
      sockets.stop();
      auth.close();
      await web.close();
      await stopSweeper();
      await ingest.stop();
      await topicPromotions.close().catch(() => undefined);
      await kafkaAdmin.disconnect().catch(() => undefined);
      redis.disconnect();
    };
  },
};
