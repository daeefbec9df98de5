import { z } from 'zod';
import { id, sku as skuField } from '../../lib/contract/fields';
import { thresholdSchema } from '../../lib/inventory/thresholds';
import { parseInput, UserInputError } from '../auth/user-input';
import { STOCK_SORTS } from './stock-sort';

/**
 * What the inventory read routes and the threshold routes take, checked with zod; a
 * problem is a 400 naming the field (parseInput): a query parameter, a path segment
 * (`sku`, `locationId`) or a body field. Ids follow the event contract's rules, so that
 * they name exactly what the events carry.
 */
export const INVENTORY_LIMITS = {
  defaultPage: 100,
  maxPage: 1000,
  defaultMovements: 1000,
  maxMovements: 10_000,
  /** The period of the movements when `from` is not given, back from `to`. */
  defaultMovementDays: 7,
  maxMovementDays: 366,
  defaultSkuMatches: 10,
  maxSkuMatches: 50,
  maxSkuQuery: 64,
} as const;

const L = INVENTORY_LIMITS;

export const locationIdSchema = id(32).describe('a store id or a warehouse id');
export const skuSchema = skuField();

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-11-21T09:00:00Z' });
const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const countParam = (max: number, dflt: number) =>
  z
    .string()
    .regex(/^[0-9]{1,6}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.int().min(1, 'at least 1').max(max, `at most ${max}`))
    .default(dflt)
    .describe(`at most this many, 1 to ${max} (default ${dflt})`);
const cursorParam = z.string().max(512).optional().describe('the `nextCursor` of the previous page (same other parameters)');

export const locationStockQuerySchema = z.strictObject({
  category: z.string().min(1).max(100).optional().describe('only SKUs of this category (master data `sku.upserted.category`)'),
  lowOnly: boolParam.default(false).describe('only SKUs below their reorder point (`true`/`false`)'),
  sort: z.enum(STOCK_SORTS).default('daysOfCover').describe('daysOfCover: ascending, SKUs that do not sell last (default); sku; available: ascending'),
  limit: countParam(L.maxPage, L.defaultPage),
  cursor: cursorParam,
});
export type LocationStockQuery = z.output<typeof locationStockQuerySchema>;

export const skuSearchQuerySchema = z.strictObject({
  q: z
    .string({ error: 'required: the start of a SKU id or part of a name' })
    .trim()
    .min(1, 'required: the start of a SKU id or part of a name')
    .max(L.maxSkuQuery, `at most ${L.maxSkuQuery} characters`)
    .describe('the start of a SKU id, or part of its name (case-insensitive)'),
  limit: countParam(L.maxSkuMatches, L.defaultSkuMatches),
});

export const movementsQuerySchema = z.strictObject({
  locationId: locationIdSchema,
  sku: skuSchema,
  from: instant.optional().describe(`start, inclusive; default: ${L.defaultMovementDays} days before \`to\``),
  to: instant.optional().describe('end, exclusive; default: now'),
  limit: countParam(L.maxMovements, L.defaultMovements),
  cursor: cursorParam,
});

export const alertsQuerySchema = z.strictObject({
  state: z.enum(['open', 'resolved', 'all']).default('open').describe('open (default), resolved, or all'),
  locationId: locationIdSchema.optional().describe('one location (default: every location the caller may see)'),
  limit: countParam(L.maxPage, L.defaultPage),
  cursor: cursorParam,
});
export type AlertsQuery = z.output<typeof alertsQuerySchema>;

export const replenishmentsQuerySchema = alertsQuerySchema.extend({
  state: z.enum(['open', 'received', 'expired', 'all']).default('open').describe('open (default), received, expired (not all of it arrived within a day), or all'),
});
export type ReplenishmentsQuery = z.output<typeof replenishmentsQuerySchema>;

/** PUT /api/v1/inventory/thresholds/{locationId}/{sku}: the same bounds as a stored threshold. */
export const thresholdRequestSchema = z
  .strictObject({
    reorderPoint: thresholdSchema.shape.reorderPoint.describe('available below this raises a low_stock alert and a replenishment order'),
    targetLevel: thresholdSchema.shape.targetLevel.describe('what a replenishment order fills up to (default: twice the reorder point)'),
  })
  .refine((t) => t.targetLevel === undefined || t.targetLevel > t.reorderPoint, {
    path: ['targetLevel'],
    message: 'must be above reorderPoint',
  });
export type ThresholdRequest = z.output<typeof thresholdRequestSchema>;

/** The query string as an object for zod; a parameter given twice is an error, an empty one is left out. */
export function queryOf(request: Request): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URL(request.url).searchParams) {
    if (k in raw) throw new UserInputError(k, 'given more than once');
    if (v !== '') raw[k] = v;
  }
  return raw;
}

/** A query of `schema`, or a UserInputError naming the parameter. */
export const parseQuery = <S extends z.ZodType>(schema: S, request: Request): z.output<S> => parseInput(schema, queryOf(request));

/** Path segments (`{sku}`, `{locationId}`), each by its name, or a UserInputError naming the segment. */
export const parsePath = <T extends Record<string, z.ZodType>>(shape: T, raw: { [K in keyof T]: string }): { [K in keyof T]: z.output<T[K]> } =>
  parseInput(z.strictObject(shape), raw) as { [K in keyof T]: z.output<T[K]> };
