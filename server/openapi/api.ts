import { alertsApi } from '../alerts/alert-openapi';
import { authApi } from '../auth/openapi';
import { eventsApi } from '../ingest/openapi';
import { inventoryApi } from '../inventory/inventory-openapi';
import { reservationApi } from '../inventory/reservation-openapi';
import { kpiApi } from '../kpis/kpi-openapi';
import { journalApi } from '../loss/journal-openapi';
import { lossApi } from '../loss/loss-openapi';
import { riskApi } from '../loss/risk-openapi';
import { rulesApi } from '../loss/rules-openapi';
import { opsApi } from '../ops/ops-openapi';
import { promotionsApi } from '../promotions/promotion-openapi';
import { storeActivityApi } from '../stores/activity-openapi';
import { buildOpenApiDocument, type ApiPathGroup } from './document';
import { healthApi } from './health-api';

/**
 * Every path group of the HTTP API, in the order the document lists them. A new group
 * of routes: describe it in an `ApiPathGroup` next to its code and add it here.
 */
export const API_PATH_GROUPS: ApiPathGroup[] = [healthApi, eventsApi, authApi, kpiApi, storeActivityApi, reservationApi, inventoryApi, lossApi, riskApi, journalApi, rulesApi, promotionsApi, opsApi, alertsApi];

let cached: Record<string, unknown> | undefined;

/** The OpenAPI document served at GET /api/openapi.json (built once per process). */
export function openApiDocument(version: string): Record<string, unknown> {
  cached ??= buildOpenApiDocument(API_PATH_GROUPS, { version });
  return cached;
}
