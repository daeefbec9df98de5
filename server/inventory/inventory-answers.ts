import { z } from 'zod';
import type * as Api from '../../lib/inventory/inventory-api-types';
import { replenishmentOrderSchema, stockAlertSchema, type ReplenishmentOrder, type StockAlert } from '../../lib/inventory/stock-alerts';
import { thresholdSchema } from '../../lib/inventory/thresholds';
import { authAnswers, type authErrorSchema } from '../auth/answers';
import { STOCK_SORTS } from './stock-sort';
import { MOVEMENT_KINDS } from './movement-source';
import type { StockLevel } from './stock-level';

/**
 * Every answer of the inventory read and threshold routes that is theirs alone: the zod
 * schema of each body (inventory-openapi.ts documents them) and the builders the routes
 * answer with. The errors (400, 401, 403, 404, 415, 413) are the auth answers' shape.
 * Instants are ISO 8601 UTC strings, as in the reservation answers.
 */
const iso = (what: string) => z.string().describe(`${what}, ISO 8601 UTC`);
const isoOf = (ms: number) => new Date(ms).toISOString();
const nextCursor = z.string().nullable().describe('pass as `cursor` for the next page; null after the last page');

export const stockLevelSchema = z.object({
  onHand: z.int().describe('book stock: the latest count plus every movement after it'),
  reserved: z.int().describe('held for web orders placed and not shipped, and for active reservations'),
  safetyStock: z.int().describe('units never promised'),
  available: z.int().describe('available-to-promise: onHand − reserved − safetyStock (negative when the book is)'),
  incoming: z.int().describe('ordered by replenishment and not received yet'),
  reorderPoint: z.int().describe('available below this is low stock'),
  targetLevel: z.int().describe('what a replenishment order fills up to'),
  thresholdSource: thresholdSchema.shape.source.describe('api or masterdata: set (the latest wins); velocity: the default from sales velocity'),
  low: z.boolean().describe('available < reorderPoint (a reorder point of 0 is never low)'),
  unitsPerDay: z.number().describe('average units sold per day over the last 7 days'),
  daysOfCover: z.number().nullable().describe('max(available, 0) / unitsPerDay, 2 decimals; null when the SKU does not sell here'),
});
// The schema describes the real type: this line stops compiling when they drift apart.
const _level = (x: StockLevel): z.infer<typeof stockLevelSchema> => x;

const skuInfo = { name: z.string().nullable().describe('master data; null when unknown'), category: z.string().nullable() };

export const skuStockSchema = z
  .object({
    sku: z.string(),
    ...skuInfo,
    locations: z.array(z.object({ locationId: z.string() }).extend(stockLevelSchema.shape)).describe('every location the caller may see, by id'),
    totals: z.object({ onHand: z.int(), reserved: z.int(), available: z.int(), incoming: z.int() }).describe('over the locations listed'),
    generatedAt: iso('when it was read'),
  })
  .describe('One SKU at every location');

export const locationStockSchema = z
  .object({
    locationId: z.string(),
    filters: z.object({ category: z.string().nullable(), lowOnly: z.boolean(), sort: z.enum(STOCK_SORTS) }),
    total: z.int().describe('SKUs matching the filters, over all pages'),
    items: z.array(z.object({ sku: z.string(), ...skuInfo }).extend(stockLevelSchema.shape)),
    nextCursor,
    generatedAt: iso('when it was read'),
  })
  .describe('The SKUs a location keeps (a stock field or a threshold), filtered, sorted and paged');

export const skuSearchSchema = z
  .object({
    q: z.string().describe('the text searched for, trimmed'),
    items: z
      .array(z.object({ sku: z.string(), ...skuInfo, match: z.enum(['sku', 'name']).describe('sku: the id starts with q; name: the name contains q') }))
      .describe('SKUs whose id starts with q first (by id), then SKUs whose name contains q (by name)'),
    more: z.boolean().describe('more SKUs match than `limit`: type more to narrow'),
    generatedAt: iso('when it was read'),
  })
  .describe('SKUs of the master data matching a text');

export const locationListSchema = z
  .object({
    locations: z
      .array(
        z.object({
          locationId: z.string(),
          kind: z.enum(['store', 'warehouse']).describe('store: a store of the master data; warehouse: any other location with stock'),
          name: z.string().nullable().describe('the store’s name; null for a warehouse'),
          hasStock: z.boolean().describe('the inventory keeps stock there'),
        }),
      )
      .describe('stores first, then warehouses, each by id'),
    generatedAt: iso('when it was read'),
  })
  .describe('The locations the caller may see');

export const movementSchema = z.object({
  occurredAt: iso('when it occurred'),
  kind: z.enum(MOVEMENT_KINDS),
  delta: z.int().describe('units in (+) or out (−); for `counted`, the units counted: a count sets on hand, it does not add'),
  source: z.string().describe('the producer of the event'),
  seq: z.int().describe('the event’s seq at its source'),
  ref: z.string().describe('receipt id (sale, post_void, refund), order id (shipment), "" otherwise'),
});

export const movementsSchema = z
  .object({
    locationId: z.string(),
    sku: z.string(),
    from: iso('start, inclusive'),
    to: iso('end, exclusive'),
    movements: z.array(movementSchema).describe('in the order they occurred'),
    totals: z
      .array(z.object({ kind: z.enum(MOVEMENT_KINDS), delta: z.int(), events: z.int() }))
      .describe('per kind over the whole period (for `counted`, the sum of the counts)'),
    net: z.int().describe('Σ delta of every kind but `counted` over the period'),
    nextCursor,
    generatedAt: iso('when it was read'),
  })
  .describe('The movements of one SKU at one location (ClickHouse history)');

export const alertOutSchema = stockAlertSchema.extend({ openedAt: iso('when available crossed below the reorder point'), resolvedAt: iso('when it recovered').optional() });
export const alertsSchema = z.object({ alerts: z.array(alertOutSchema).describe('newest first'), nextCursor, generatedAt: iso('when it was read') }).describe('low_stock alerts');

export const replenishmentOutSchema = replenishmentOrderSchema.extend({
  createdAt: iso('when it was ordered'),
  receivedAt: iso('when all of it arrived').optional(),
  expiredAt: iso('when it was closed short').optional(),
});
export const replenishmentsSchema = z
  .object({ replenishments: z.array(replenishmentOutSchema).describe('newest first'), nextCursor, generatedAt: iso('when it was read') })
  .describe('Replenishment orders');

export const thresholdAnswerSchema = z
  .object({
    locationId: z.string(),
    sku: z.string(),
    threshold: z
      .object({
        reorderPoint: z.int(),
        targetLevel: z.int().optional().describe('as set; absent: twice the reorder point'),
        source: thresholdSchema.shape.source,
        setAt: iso('when it was set'),
        setBy: z.string().optional().describe('the user who set it over the API'),
      })
      .nullable()
      .describe('the threshold set for the pair; null when none is (DELETE)'),
    inForce: z
      .object({ reorderPoint: z.int(), targetLevel: z.int(), thresholdSource: thresholdSchema.shape.source })
      .describe('what the inventory applies now: the threshold set, else the default from velocity'),
    removed: z.boolean().optional().describe('DELETE: whether a threshold was set before'),
  })
  .describe('The reorder point of one SKU at one location');

type ThresholdAnswer = z.infer<typeof thresholdAnswerSchema>;

// What the browser and the e2e tests are told the bodies are (lib/inventory/inventory-api-types.ts):
// these lines stop compiling when a schema and its type drift apart.
const _search = (x: z.infer<typeof skuSearchSchema>): Api.SkuSearchAnswer => x;
const _skuStock = (x: z.infer<typeof skuStockSchema>): Api.SkuStockAnswer => x;
const _locations = (x: z.infer<typeof locationListSchema>): Api.InventoryLocationsAnswer => x;
const _locationStock = (x: z.infer<typeof locationStockSchema>): Api.LocationStockAnswer => x;
const _orders = (x: z.infer<typeof replenishmentsSchema>): Api.ReplenishmentsAnswer => x;
const _threshold = (x: ThresholdAnswer): Api.ThresholdAnswer => x;
const _error = (x: Api.ApiErrorBody): z.infer<typeof authErrorSchema> => x;

const alertOut = ({ openedAt, resolvedAt, ...a }: StockAlert): z.infer<typeof alertOutSchema> => ({
  ...a,
  openedAt: isoOf(openedAt),
  ...(resolvedAt === undefined ? {} : { resolvedAt: isoOf(resolvedAt) }),
});
const replenishmentOut = ({ createdAt, receivedAt, expiredAt, ...o }: ReplenishmentOrder): z.infer<typeof replenishmentOutSchema> => ({
  ...o,
  createdAt: isoOf(createdAt),
  ...(receivedAt === undefined ? {} : { receivedAt: isoOf(receivedAt) }),
  ...(expiredAt === undefined ? {} : { expiredAt: isoOf(expiredAt) }),
});

/** Every body below is typed by its schema where it is built; never cached (it depends on the cookie). */
const ok = (body: unknown) => authAnswers.json(200, body);

export const inventoryAnswers = {
  sku: (body: z.infer<typeof skuStockSchema>) => ok(body),
  skuSearch: (body: z.infer<typeof skuSearchSchema>) => ok(body),
  locations: (body: z.infer<typeof locationListSchema>) => ok(body),
  location: (body: z.infer<typeof locationStockSchema>) => ok(body),
  movements: (body: z.infer<typeof movementsSchema>) => ok(body),
  alerts: (alerts: StockAlert[], cursor: string | null, now: number) =>
    ok({ alerts: alerts.map(alertOut), nextCursor: cursor, generatedAt: isoOf(now) } satisfies z.infer<typeof alertsSchema>),
  replenishments: (orders: ReplenishmentOrder[], cursor: string | null, now: number) =>
    ok({ replenishments: orders.map(replenishmentOut), nextCursor: cursor, generatedAt: isoOf(now) } satisfies z.infer<typeof replenishmentsSchema>),
  threshold: (body: ThresholdAnswer) => ok(body),
  unavailable: () =>
    authAnswers.json(
      503,
      { error: 'unavailable', message: 'Redis or ClickHouse did not answer; retry later', retryAfterSeconds: 5 },
      { 'retry-after': '5' },
    ),
  isoOf,
};
