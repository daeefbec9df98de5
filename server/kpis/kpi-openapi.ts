import { z } from 'zod';
import { jsonSchemaOf, ref, type ApiPathGroup, errorResponse as err } from '../openapi/document';
import { money, scopeSchema, sourceSchema, sourceStateSchema } from './answer-schemas';
import type { Kpis, MinutePoint } from './compute-kpis';
import { dashboardPaths, dashboardSchemas } from './dashboard-openapi';
import { kpiQuerySchema, perMinuteQuerySchema } from './kpi-query';
import type { KpiAnswer, SeriesAnswer } from './kpi-service';
import type { StoreState } from './store-freshness';

const kpisSchema = z
  .object({
    netSales: money('net sales of the channel (both: tills + web)'),
    grossSales: money('gross sales (web: Σ paid)'),
    refunds: money('refunds (web: Σ refundedAmount)'),
    postVoids: money('Σ pos.receipt.postvoided.total'),
    receipts: z.int().nullable().describe('closed − post-voided receipts; null for the web channel'),
    items: z.int().nullable().describe('closed − post-voided items; null for the web channel'),
    averageBasket: z.number().nullable().describe('till net sales / receipts, cents, 2 decimals; null without receipts'),
    itemsPerReceipt: z.number().nullable().describe('items / receipts, 2 decimals; null without receipts'),
    refundCount: z.int(),
    postVoidCount: z.int(),
    lineVoids: z.int(),
    receiptVoids: z.int(),
    channels: z.object({
      stores: z.object({ netSales: z.int(), grossSales: z.int() }),
      web: z.object({ netSales: z.int(), paid: z.int(), refunded: z.int() }),
    }),
  })
  .describe('KPIs as docs/kpis.md defines them');
const kpiAnswerSchema = z.object({
  scope: scopeSchema,
  period: z.enum(['today', 'range']),
  from: z.string(),
  to: z.string(),
  source: sourceSchema,
  currency: z.string().nullable().describe('ISO 4217, null when the stores’ currencies differ'),
  kpis: kpisSchema,
  comparison: z.object({ label: z.string(), from: z.string(), to: z.string(), source: sourceSchema.describe('with source=live, the comparison is read wherever it is (auto)'), kpis: kpisSchema, netSalesChange: z.int(), netSalesChangePct: z.number().nullable() }),
  generatedAt: z.string(),
});
const pointSchema = z.object({ minute: z.string(), netSales: z.int(), grossSales: z.int(), receipts: z.int().nullable(), items: z.int().nullable() });
const seriesSchema = z.object({ scope: scopeSchema, from: z.string(), to: z.string(), source: sourceSchema, currency: z.string().nullable(), points: z.array(pointSchema), generatedAt: z.string() });
const storeStateSchema = z.object({
  storeId: z.string(),
  name: z.string(),
  region: z.string(),
  timezone: z.string(),
  currency: z.string(),
  tills: z.array(z.string()),
  status: z.enum(['online', 'lagging', 'offline']).describe('offline: nothing for 5 min; lagging: the newest event arrived over 30 s after it occurred'),
  lastEventAt: z.string().nullable(),
  lastArrivalAt: z.string().nullable(),
  lagMs: z.int().nullable(),
  silentForMs: z.int().nullable(),
  missing: z.int(),
  sources: z.array(sourceStateSchema),
});
const storesSchema = z.object({ stores: z.array(storeStateSchema), generatedAt: z.string() });

// The schemas describe the real types: these lines stop compiling when they drift apart.
const _k = (x: z.infer<typeof kpisSchema>): Kpis => x;
const _a = (x: z.infer<typeof kpiAnswerSchema>): KpiAnswer => x;
const _p = (x: z.infer<typeof pointSchema>): MinutePoint => x;
const _s = (x: z.infer<typeof seriesSchema>): SeriesAnswer => x;
const _t = (x: z.infer<typeof storeStateSchema>): StoreState => x;

/** Query parameters of a zod object schema, for OpenAPI. */
function params(schema: z.ZodObject) {
  const js = jsonSchemaOf(schema, 'input') as { properties: Record<string, { description?: string }> };
  return Object.entries(js.properties).map(([name, s]) => ({ name, in: 'query', required: false, description: s.description, schema: s }));
}
const common = {
  '400': err('A parameter is wrong or unknown (`field` names it), or the range is too long'),
  '401': err('Not signed in'),
  '403': err('The scope is not the caller’s: another store, or a region or the chain for a store manager'),
  '404': err('No such store or region in the master data'),
  '503': err('Redis or ClickHouse did not answer; retry after Retry-After'),
};
const ok = (name: string, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const cookie = [{ cookieAuth: [] }];

/** GET /api/v1/kpis, /api/v1/sales/per-minute, /api/v1/stores, and the dashboard's /api/v1/kpis/top, /kpis/stores, /sales/per-hour (dashboard-openapi.ts). */
export const kpiApi: ApiPathGroup = {
  tag: {
    name: 'kpis',
    description:
      'Sales KPIs and store freshness (docs/kpis.md). Scope: `storeId` (any role that may see it), `region` or nothing (the chain) for HQ roles; ' +
      'a store manager who names no store gets their own stores. "Today" is each store’s own local day. Today and the last 9 days come from ' +
      'Redis (the live aggregator), older ranges from ClickHouse (the history sink); `source` forces one, and both give the same numbers.',
  },
  paths: {
    '/api/v1/kpis': {
      get: {
        operationId: 'getKpis',
        summary: 'KPIs of a scope for today (with the same weekday last week) or a range (with the week before)',
        security: cookie,
        parameters: params(kpiQuerySchema),
        responses: { '200': ok('KpiAnswer', 'The KPIs'), ...common },
      },
    },
    '/api/v1/sales/per-minute': {
      get: {
        operationId: 'getSalesPerMinute',
        summary: 'Sales per UTC minute of a scope (default: the last 60 minutes; at most 3 days)',
        security: cookie,
        parameters: params(perMinuteQuerySchema),
        responses: { '200': ok('SalesPerMinute', 'One point per minute of the range, zeros included'), ...common },
      },
    },
    '/api/v1/stores': {
      get: {
        operationId: 'listStores',
        summary: 'The stores the caller may see, each with its freshness (last event, lag, gaps, online/lagging/offline)',
        security: cookie,
        responses: { '200': ok('StoreList', 'The stores'), ...common },
      },
    },
    ...dashboardPaths,
  },
  schemas: { KpiAnswer: jsonSchemaOf(kpiAnswerSchema), SalesPerMinute: jsonSchemaOf(seriesSchema), StoreList: jsonSchemaOf(storesSchema), ...dashboardSchemas },
};
