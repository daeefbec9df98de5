import type { AlertRoutes } from './alerts/alert-routes';
import type { ThresholdRoutes } from './alerts/threshold-routes';
import type { AuthHttp } from './auth/auth-service';
import type { HealthReport } from './health/check-health';
import type { IngestService } from './ingest/ingest-service';
import type { InventoryRoutes } from './inventory/inventory-routes';
import type { ReservationRoutes } from './inventory/reservation-routes';
import type { KpiRoutes } from './kpis/kpi-routes';
import type { LossRoutes } from './loss/loss-routes';
import type { OpsRoutes } from './ops/ops-routes';
import type { JournalRoutes } from './loss/journal-routes';
import type { RiskRoutes } from './loss/risk-routes';
import type { PromotionRoutes } from './promotions/promotion-routes';
import type { RuleRoutes } from './loss/rules-routes';
import type { StoreActivityRoutes } from './stores/activity-routes';
import type { PageAccess } from './web/page-access';

/**
 * What route handlers and server components need from the running process.
 *
 * Next bundles app/ separately from the custom server, so a module-level singleton
 * would exist twice; the server puts one context on globalThis and the bundle reads
 * it here. Only types cross the boundary at build time.
 */
export interface ServerContext {
  health: () => Promise<HealthReport>;
  version: string;
  startedAt: string;
  /** POST /api/v1/events: the REST ingest (server/ingest/). */
  ingest: IngestService;
  /** Sessions and roles (server/auth/): `requirePrincipal`, `readSession`, `checkOrigin`, and the /api/auth and admin handlers. */
  auth: AuthHttp;
  /** GET /api/v1/kpis, /kpis/top, /kpis/stores, /api/v1/sales/per-minute, /sales/per-hour, /api/v1/stores (server/kpis/). */
  kpis: KpiRoutes;
  /** GET /api/v1/stores/{storeId}/activity: a store's tills and cashiers on shift (server/stores/). */
  storeActivity: StoreActivityRoutes;
  /** POST /api/v1/inventory/reservations, GET|DELETE /api/v1/inventory/reservations/{orderId} (server/inventory/). */
  reservations: ReservationRoutes;
  /**
   * GET /api/v1/inventory/skus (search), /skus/{sku}, /locations, /locations/{locationId}, /movements, /alerts, /replenishments;
   * PUT|DELETE /api/v1/inventory/thresholds/{locationId}/{sku} (server/inventory/).
   */
  inventory: InventoryRoutes;
  /** GET /api/v1/loss/exceptions, /api/v1/loss/cashiers/{cashierId}/exceptions: loss-prevention exception metrics (server/loss/). */
  loss: LossRoutes;
  /** GET /api/v1/loss/risk, GET|PUT /api/v1/loss/risk/weights: the cashiers' risk ranking and its weights (server/loss/risk-*.ts). */
  lossRisk: RiskRoutes;
  /** GET /api/v1/loss/receipts/{receiptId}, /api/v1/loss/cashiers/{cashierId}/receipts: receipt journals and a cashier's receipts (server/loss/journal-*.ts). */
  lossJournal: JournalRoutes;
  /**
   * GET /api/v1/loss/rules, GET|PUT /rules/{ruleId}, POST /rules/{ruleId}/enable|disable, POST /rules/backtest,
   * GET /api/v1/loss/alerts: the loss rules, their hits and backtests (server/loss/rules-*.ts).
   */
  lossRules: RuleRoutes;
  /** /api/v1/promotions…: authoring, publishing, withdrawing, and the stores' acknowledgement (server/promotions/). */
  promotions: PromotionRoutes;
  /** GET /api/v1/ops and GET /api/metrics: the operations view and its Prometheus metrics, admin only (server/ops/). */
  ops: OpsRoutes;
  /** GET /api/v1/alerts, POST /api/v1/alerts/{id}/acknowledge|resolve: the alerts center's API (server/alerts/). */
  alerts: AlertRoutes;
  /** GET and PATCH /api/v1/alerts/thresholds: the alert rules' thresholds (server/alerts/threshold-routes.ts). */
  alertThresholds: ThresholdRoutes;
  /** Who may open which page (the API's and the rooms' rules, for server-rendered pages). */
  pageAccess: PageAccess;
  /** The OpenAPI 3.1 document of the HTTP API (server/openapi/), served at /api/openapi.json. */
  openApi: () => Record<string, unknown>;
}

const KEY = Symbol.for('tillstream.server-context');
type WithContext = typeof globalThis & { [KEY]?: ServerContext };

export function setServerContext(ctx: ServerContext): void {
  (globalThis as WithContext)[KEY] = ctx;
}

export function getServerContext(): ServerContext {
  const ctx = (globalThis as WithContext)[KEY];
  if (!ctx) throw new Error('server context is not set: run the app through server/main.ts (npm start)');
  return ctx;
}
