import { z } from 'zod';
import type { LeagueAnswer, PerHourAnswer, TopAnswer } from '../../lib/kpis/dashboard-answers';
import { jsonSchemaOf, queryParameters, ref, errorResponse as err } from '../openapi/document';
import { money, scopeSchema, sourceSchema } from './answer-schemas';
import { leagueQuerySchema, perHourQuerySchema, topQuerySchema } from './dashboard-query';

/**
 * GET /api/v1/kpis/top, /api/v1/kpis/stores and /api/v1/sales/per-hour in the OpenAPI
 * document: paths and schemas that kpi-openapi.ts adds to the `kpis` group.
 */
const localDaySchema = z.object({ timezone: z.string(), day: z.string().describe('YYYY-MM-DD, the local day counted as today in that timezone') });

const topAnswerSchema = z
  .object({
    scope: scopeSchema,
    dimension: z.enum(['sku', 'category']),
    by: z.enum(['units', 'value']),
    channel: z.literal('stores').describe('the tills only: web-shop orders are not ranked'),
    days: z.array(localDaySchema).describe('"today" of each timezone group of the scope'),
    currency: z.string().nullable().describe('ISO 4217, null when the stores’ currencies differ'),
    items: z.array(
      z.object({
        key: z.string().describe('the SKU id, or the category'),
        name: z.string().nullable().describe('the SKU’s name from the master data; null for a category or a SKU without master data'),
        category: z.string().nullable().describe('the SKU’s category (the category itself for a category); null for a SKU without master data'),
        units: z.int().describe('net units: sold − post-voided − refunded'),
        value: money('sold − post-voided value, before receipt-level discounts'),
      }),
    ),
    generatedAt: z.string(),
  })
  .describe('Today’s top SKUs or categories, highest first; only those above 0 in the ranked measure');

const leagueAnswerSchema = z
  .object({
    region: z.string().nullable(),
    channel: z.enum(['stores', 'web', 'all']),
    period: z.literal('today'),
    currency: z.string().nullable().describe('ISO 4217, null when the stores’ currencies differ'),
    stores: z.array(
      z.object({
        rank: z.int().min(1),
        storeId: z.string(),
        name: z.string(),
        region: z.string(),
        timezone: z.string(),
        currency: z.string(),
        today: z.object({
          netSales: money('net sales today'),
          receipts: z.int().nullable(),
          averageBasket: z.number().nullable().describe('cents, 2 decimals; null without receipts'),
          itemsPerReceipt: z.number().nullable().describe('2 decimals; null without receipts'),
        }),
        lastWeek: z.object({ netSales: money('net sales of the same weekday last week up to the same time of day') }),
        netSalesChange: z.int(),
        netSalesChangePct: z.number().nullable(),
        source: sourceSchema,
        freshness: z.object({
          status: z.enum(['online', 'lagging', 'offline']).describe('offline: nothing for 5 min; lagging: the newest event arrived over 30 s after it occurred'),
          lastEventAt: z.string().nullable(),
          lagMs: z.int().nullable(),
          silentForMs: z.int().nullable(),
          missing: z.int().describe('seqs missing over all the store’s sources'),
        }),
      }),
    ),
    generatedAt: z.string(),
  })
  .describe('Every store the caller may see with today’s KPIs (as /api/v1/kpis?storeId= answers them), by net sales, highest first');

const hourSalesSchema = z.object({ netSales: money('net sales'), receipts: z.int().nullable(), items: z.int().nullable() }).describe('receipts and items: null for channel=web');
const perHourAnswerSchema = z
  .object({
    scope: scopeSchema,
    currency: z.string().nullable(),
    today: z.object({ from: z.string(), to: z.string(), source: sourceSchema }),
    lastWeek: z.object({ label: z.string(), from: z.string(), to: z.string(), source: sourceSchema }),
    days: z
      .array(z.object({ timezone: z.string(), day: z.string(), hours: z.number(), lastWeekDay: z.string(), lastWeekHours: z.number() }))
      .describe('each timezone group’s today and the same weekday last week, with their lengths in hours (23 or 25 on DST days)'),
    hours: z
      .array(z.object({ hour: z.int().min(0).max(23), today: hourSalesSchema.nullable().describe('null: the hour has not started yet'), lastWeek: hourSalesSchema }))
      .length(24)
      .describe(
        'local wall-clock hours 0..23 of each timezone group, summed; on a 25-hour day the repeated hour holds both occurrences, on a 23-hour day the skipped hour holds nothing',
      ),
    generatedAt: z.string(),
  })
  .describe('Sales by local hour: today against the whole same weekday last week');

// The schemas describe the real types: these lines stop compiling when they drift apart.
const _t = (x: z.infer<typeof topAnswerSchema>): TopAnswer => x;
const _l = (x: z.infer<typeof leagueAnswerSchema>): LeagueAnswer => x;
const _h = (x: z.infer<typeof perHourAnswerSchema>): PerHourAnswer => x;

const errors = (forbidden: string | null, notFound: string) => ({
  '400': err('A parameter is wrong or unknown (`field` names it)'),
  '401': err('Not signed in'),
  ...(forbidden === null ? {} : { '403': err(forbidden) }),
  '404': err(notFound),
  '503': err('Redis or ClickHouse did not answer; retry after Retry-After'),
});
const ok = (name: string, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const cookie = [{ cookieAuth: [] }];
const scopeForbidden = 'The scope is not the caller’s: another store, or a region or the chain for a store manager';

export const dashboardPaths = {
  '/api/v1/kpis/top': {
    get: {
      operationId: 'getTopItems',
      summary:
        'Today’s top SKUs or categories of a scope (till channel only), by net units or value, with both measures and the SKU’s name and category. ' +
        'Today is each timezone group’s own local day; read from the live aggregator (Redis)',
      security: cookie,
      parameters: queryParameters(topQuerySchema),
      responses: { '200': ok('TopItems', 'The top items'), ...errors(scopeForbidden, 'No such store or region in the master data') },
    },
  },
  '/api/v1/kpis/stores': {
    get: {
      operationId: 'getStoreLeague',
      summary:
        'The store league table: every store the caller may see (optionally of one region) with today’s net sales, receipts, average basket, ' +
        'items per receipt, the same weekday last week and the change, and its freshness; by net sales',
      security: cookie,
      parameters: queryParameters(leagueQuerySchema),
      responses: { '200': ok('StoreLeague', 'The league table'), ...errors(null, 'No store of that region in the master data') },
    },
  },
  '/api/v1/sales/per-hour': {
    get: {
      operationId: 'getSalesPerHour',
      summary: 'Sales by local hour 0..23: today (null for hours not started yet) against the whole same weekday last week, summed over the scope’s timezones',
      security: cookie,
      parameters: queryParameters(perHourQuerySchema),
      responses: { '200': ok('SalesPerHour', '24 hours'), ...errors(scopeForbidden, 'No such store or region in the master data') },
    },
  },
};

export const dashboardSchemas = {
  TopItems: jsonSchemaOf(topAnswerSchema),
  StoreLeague: jsonSchemaOf(leagueAnswerSchema),
  SalesPerHour: jsonSchemaOf(perHourAnswerSchema),
};
