import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import { setServerContext } from '../context';
import { checkHealth } from '../health/check-health';
import { startIngest } from '../ingest/start-ingest';
import { openApiDocument } from '../openapi/api';
import { startHealthBroadcast } from '../web/health-broadcast';
import { startHttpServer } from '../web/http-server';
import type { Role } from './role';

const VERSION = process.env.npm_package_version ?? '0.1.0';

/** Next.js dashboard + API + Socket.IO on PORT. */
export const webRole: Role = {
  name: 'web',
  description: 'the dashboard, its API and the Socket.IO live push (PORT)',
  needsClickHouse: true,
  start: async ({ config, endpoints, log, clickhouse }) => {
    if (!clickhouse) throw new Error('web role started without a ClickHouse client');
    const wlog = log.child({ role: 'web' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-web');
    // Health questions must fail fast when Kafka is down, so this client does not retry.
    const kafkaAdmin = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'tillstream-web-health', log: wlog }).admin({
      retry: { retries: 0 },
    });
    redis.on('error', (err: Error) => wlog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => wlog.warn({ err: err.message }, 'redis not reachable yet'));
    await kafkaAdmin.connect().catch((err: Error) => wlog.warn({ err: err.message }, 'kafka not reachable yet'));
    const health = () => checkHealth({ kafka: kafkaAdmin, redis, clickhouse });
    const ingest = await startIngest({ endpoints, log: wlog });
    setServerContext({
      health,
      version: VERSION,
      startedAt: new Date().toISOString(),
      ingest: ingest.service,
      openApi: () => openApiDocument(VERSION),
    });
    const web = await startHttpServer({ host: config.HOST, port: config.PORT, dev: config.NODE_ENV === 'development', log: wlog });
    const stopBroadcast = startHealthBroadcast(web.io, health);
    wlog.info({ url: web.url }, 'dashboard listening');
    return async () => {
      stopBroadcast();
      await web.close();
      await ingest.stop();
      await kafkaAdmin.disconnect().catch(() => undefined);
      redis.disconnect();
    };
  },
};
