import { z } from 'zod';
import { scopeParams } from './kpi-query';

/**
 * The query strings of GET /api/v1/kpis/top, /api/v1/kpis/stores and
 * /api/v1/sales/per-hour (server/kpis/dashboard-service.ts): strict, so an unknown
 * parameter is a 400 that names it (and lists the known ones).
 */
const { storeId, region, channel, source } = scopeParams;

export const TOP_MAX_LIMIT = 50;
export const TOP_DEFAULT_LIMIT = 10;

export const topQuerySchema = z.strictObject({
  storeId,
  region,
  dimension: z.enum(['sku', 'category']).default('sku').describe('rank SKUs (default) or categories'),
  by: z.enum(['units', 'value']).default('units').describe('rank by net units (default) or by value (cents, before receipt-level discounts)'),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.int().min(1, 'at least 1').max(TOP_MAX_LIMIT, `at most ${TOP_MAX_LIMIT}`))
    .default(TOP_DEFAULT_LIMIT)
    .describe(`at most this many, 1 to ${TOP_MAX_LIMIT} (default ${TOP_DEFAULT_LIMIT})`),
});
export type TopQuery = z.output<typeof topQuerySchema>;

export const leagueQuerySchema = z.strictObject({
  region: region.describe('only the stores of this region (of those the caller may see)'),
  channel,
});
export type LeagueQuery = z.output<typeof leagueQuerySchema>;

export const perHourQuerySchema = z.strictObject({ storeId, region, channel, source });
export type PerHourQuery = z.output<typeof perHourQuerySchema>;
