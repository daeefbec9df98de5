import { z } from 'zod';
import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import { readJsonBody } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { parseInput, UserInputError } from '../auth/user-input';
import type { StoreInfo } from '../kpis/store-directory';
import type { AlertReader } from './alert-reader';
import { mayActAt } from './inventory-access';
import { inventoryAnswers as answers } from './inventory-answers';
import {
  alertsQuerySchema,
  INVENTORY_LIMITS,
  locationIdSchema,
  locationStockQuerySchema,
  movementsQuerySchema,
  parsePath,
  parseQuery,
  replenishmentsQuerySchema,
  skuSchema,
  skuSearchQuerySchema,
  thresholdRequestSchema,
} from './inventory-input';
import { decodeCursor, encodeCursor, pageOf } from './keyset-page';
import type { MovementKey, MovementSource } from './movement-source';
import { Answer, createGuard } from './route-guard';
import { searchCatalog } from './sku-catalog';
import { isTracked, NO_FIELDS, stockLevel, thresholdInForce } from './stock-level';
import type { StockReader } from './stock-reader';
import { stockSortKey } from './stock-sort';
import type { ThresholdStore } from './threshold-store';

/**
 * The inventory's read API and its thresholds (inventory-openapi.ts describes every answer):
 * GET /api/v1/inventory/skus (search), /skus/{sku}, /locations, /locations/{locationId},
 * /movements, /alerts, /replenishments; PUT and DELETE /api/v1/inventory/thresholds/{locationId}/{sku}.
 * Stock comes from Redis (now), movements from ClickHouse (history). Every location is
 * checked against the caller (inventory-access.ts): one it may not see is a 403 when named,
 * and left out of lists.
 */
export interface InventoryRoutes {
  skuSearch: (request: Request) => Promise<Response>;
  sku: (request: Request, sku: string) => Promise<Response>;
  locations: (request: Request) => Promise<Response>;
  location: (request: Request, locationId: string) => Promise<Response>;
  movements: (request: Request) => Promise<Response>;
  alerts: (request: Request) => Promise<Response>;
  replenishments: (request: Request) => Promise<Response>;
  putThreshold: (request: Request, locationId: string, sku: string) => Promise<Response>;
  deleteThreshold: (request: Request, locationId: string, sku: string) => Promise<Response>;
}

const DAY_MS = 86_400_000;
const noParams = z.strictObject({});
const pairPath = { locationId: locationIdSchema, sku: skuSchema };
const movementCursor = z.tuple([z.number(), z.string(), z.number(), z.string()]);

export function createInventoryRoutes(d: {
  stock: StockReader;
  movements: MovementSource;
  alerts: AlertReader;
  thresholds: ThresholdStore;
  stores: () => Promise<Map<string, StoreInfo>>;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
  now?: () => number;
}): InventoryRoutes {
  const now = d.now ?? Date.now;
  const guarded = createGuard({
    requirePrincipal: d.requirePrincipal,
    log: d.log,
    area: 'inventory',
    refusal: (p) => `a ${p.role} does not see the inventory`,
    unavailable: answers.unavailable,
  });

  /** A named location the caller may not see is refused before anything is read of it. */
  function mustSee(p: Principal, locationId: string, doing = 'see the stock of'): void {
    if (!mayActAt(p, locationId)) throw new Answer(authAnswers.forbidden(`locationId: you may not ${doing} ${locationId}`));
  }

  /** A location is known when it has stock or is a store of the master data. */
  async function mustExist(locationId: string): Promise<void> {
    const [withStock, stores] = await Promise.all([d.stock.locations(), d.stores()]);
    if (!withStock.includes(locationId) && !stores.has(locationId)) throw new Answer(authAnswers.notFound(`no location ${locationId} (neither stock nor a store of the master data)`));
  }

  return {
    skuSearch: (request) =>
      guarded(request, 'sku search', false, async () => {
        const q = parseQuery(skuSearchQuerySchema, request);
        // The master data is the same for every role that sees the inventory (as for /skus/{sku}).
        const { items, more } = searchCatalog(await d.stock.catalog(), q.q, q.limit);
        return answers.skuSearch({ q: q.q, items, more, generatedAt: answers.isoOf(now()) });
      }),

    locations: (request) =>
      guarded(request, 'locations', false, async (p) => {
        parseQuery(noParams, request);
        const [withStock, stores] = await Promise.all([d.stock.locations(), d.stores()]);
        const stocked = new Set(withStock);
        const storeRows = [...stores.values()]
          .filter((s) => mayActAt(p, s.storeId))
          .map((s) => ({ locationId: s.storeId, kind: 'store' as const, name: s.name, hasStock: stocked.has(s.storeId) }));
        const warehouseRows = withStock
          .filter((l) => !stores.has(l) && mayActAt(p, l))
          .map((l) => ({ locationId: l, kind: 'warehouse' as const, name: null, hasStock: true }));
        const byId = (a: { locationId: string }, b: { locationId: string }) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0);
        return answers.locations({ locations: [...storeRows.sort(byId), ...warehouseRows.sort(byId)], generatedAt: answers.isoOf(now()) });
      }),

    sku: (request, rawSku) =>
      guarded(request, 'sku', false, async (p) => {
        const { sku } = parsePath({ sku: skuSchema }, { sku: rawSku });
        parseQuery(noParams, request);
        const locations = (await d.stock.locations()).filter((l) => mayActAt(p, l));
        const [fields, info] = await Promise.all([d.stock.skuAt(sku, locations), d.stock.skuInfo([sku])]);
        const master = info.get(sku);
        // Only what the caller may see decides: a store manager learns nothing of SKUs kept elsewhere only.
        if (!master && ![...fields.values()].some(isTracked)) return authAnswers.notFound(`no SKU ${sku} in the master data or at a location you may see`);
        const rows = locations.map((locationId) => ({ locationId, ...stockLevel(fields.get(locationId) ?? NO_FIELDS) }));
        const sum = (k: 'onHand' | 'reserved' | 'available' | 'incoming') => rows.reduce((a, r) => a + r[k], 0);
        return answers.sku({
          sku,
          name: master?.name ?? null,
          category: master?.category ?? null,
          locations: rows,
          totals: { onHand: sum('onHand'), reserved: sum('reserved'), available: sum('available'), incoming: sum('incoming') },
          generatedAt: answers.isoOf(now()),
        });
      }),

    location: (request, rawLocationId) =>
      guarded(request, 'location', false, async (p) => {
        const { locationId } = parsePath({ locationId: locationIdSchema }, { locationId: rawLocationId });
        const q = parseQuery(locationStockQuerySchema, request);
        mustSee(p, locationId);
        const fields = await d.stock.atLocation(locationId);
        if (fields.size === 0) await mustExist(locationId);
        const info = await d.stock.skuInfo([...fields.keys()]);
        const rows = [...fields].map(([sku, f]) => ({ sku, name: info.get(sku)?.name ?? null, category: info.get(sku)?.category ?? null, ...stockLevel(f) }));
        const wanted = rows.filter((r) => (q.category === undefined || r.category === q.category) && (!q.lowOnly || r.low));
        const page = pageOf(wanted, { list: `location:${q.sort}`, keyOf: (r) => stockSortKey(q.sort, r), cursor: q.cursor, limit: q.limit });
        return answers.location({
          locationId,
          filters: { category: q.category ?? null, lowOnly: q.lowOnly, sort: q.sort },
          total: wanted.length,
          items: page.items,
          nextCursor: page.nextCursor,
          generatedAt: answers.isoOf(now()),
        });
      }),

    movements: (request) =>
      guarded(request, 'movements', false, async (p) => {
        const q = parseQuery(movementsQuerySchema, request);
        mustSee(p, q.locationId);
        const to = q.to === undefined ? now() : Date.parse(q.to);
        const from = q.from === undefined ? to - INVENTORY_LIMITS.defaultMovementDays * DAY_MS : Date.parse(q.from);
        if (from >= to) throw new UserInputError('from', 'must be before to');
        if (to - from > INVENTORY_LIMITS.maxMovementDays * DAY_MS) throw new UserInputError('from', `the period is at most ${INVENTORY_LIMITS.maxMovementDays} days`);
        const range = { locationId: q.locationId, sku: q.sku, from, to };
        const after = q.cursor === undefined ? undefined : movementKeyOf(q.cursor);
        const [page, totals] = await Promise.all([d.movements.page({ ...range, after, limit: q.limit }), d.movements.totals(range)]);
        const last = page.movements[page.movements.length - 1];
        return answers.movements({
          locationId: q.locationId,
          sku: q.sku,
          from: answers.isoOf(from),
          to: answers.isoOf(to),
          movements: page.movements.map((m) => ({ occurredAt: answers.isoOf(m.ms), kind: m.kind, delta: m.delta, source: m.source, seq: m.seq, ref: m.ref })),
          totals,
          net: totals.filter((t) => t.kind !== 'counted').reduce((a, t) => a + t.delta, 0),
          nextCursor: page.more && last ? encodeCursor('movements', [last.ms, last.source, last.seq, last.kind]) : null,
          generatedAt: answers.isoOf(now()),
        });
      }),

    alerts: (request) =>
      guarded(request, 'alerts', false, async (p) => {
        const q = parseQuery(alertsQuerySchema, request);
        if (q.locationId !== undefined) mustSee(p, q.locationId);
        const mine = (await d.alerts.alerts()).filter(
          (a) => mayActAt(p, a.subject.locationId) && (q.locationId === undefined || a.subject.locationId === q.locationId) && (q.state === 'all' || a.state === q.state),
        );
        const page = pageOf(mine, { list: 'alerts', keyOf: (a) => [-a.openedAt, a.id], cursor: q.cursor, limit: q.limit });
        return answers.alerts(page.items, page.nextCursor, now());
      }),

    replenishments: (request) =>
      guarded(request, 'replenishments', false, async (p) => {
        const q = parseQuery(replenishmentsQuerySchema, request);
        if (q.locationId !== undefined) mustSee(p, q.locationId);
        const mine = (await d.alerts.replenishments()).filter(
          (o) => mayActAt(p, o.locationId) && (q.locationId === undefined || o.locationId === q.locationId) && (q.state === 'all' || o.state === q.state),
        );
        const page = pageOf(mine, { list: 'replenishments', keyOf: (o) => [-o.createdAt, o.id], cursor: q.cursor, limit: q.limit });
        return answers.replenishments(page.items, page.nextCursor, now());
      }),

    putThreshold: (request, rawLocationId, rawSku) =>
      guarded(request, 'set threshold', true, async (p) => {
        const { locationId, sku } = parsePath(pairPath, { locationId: rawLocationId, sku: rawSku });
        parseQuery(noParams, request);
        mustSee(p, locationId, 'set reorder points at');
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const t = parseInput(thresholdRequestSchema, body.value);
        await mustExist(locationId);
        const [fields, info] = await Promise.all([d.stock.skuAt(sku, [locationId]), d.stock.skuInfo([sku])]);
        if (!info.has(sku) && !isTracked(fields.get(locationId) ?? NO_FIELDS)) return authAnswers.notFound(`no SKU ${sku} in the master data or at ${locationId}`);
        const stored = await d.thresholds.set(locationId, sku, t, p.username, now());
        d.log.info({ by: p.username, locationId, sku, reorderPoint: stored.reorderPoint, targetLevel: stored.targetLevel }, 'inventory: reorder point set');
        return answers.threshold({
          locationId,
          sku,
          threshold: { reorderPoint: stored.reorderPoint, targetLevel: stored.targetLevel, source: stored.source, setAt: answers.isoOf(stored.setAt), setBy: stored.setBy },
          inForce: thresholdInForce(JSON.stringify(stored), 0),
        });
      }),

    deleteThreshold: (request, rawLocationId, rawSku) =>
      guarded(request, 'remove threshold', true, async (p) => {
        const { locationId, sku } = parsePath(pairPath, { locationId: rawLocationId, sku: rawSku });
        parseQuery(noParams, request);
        mustSee(p, locationId, 'set reorder points at');
        const removed = await d.thresholds.remove(locationId, sku);
        if (removed) d.log.info({ by: p.username, locationId, sku }, 'inventory: reorder point removed');
        const { reorderPoint, targetLevel, thresholdSource } = stockLevel((await d.stock.skuAt(sku, [locationId])).get(locationId) ?? NO_FIELDS);
        return answers.threshold({ locationId, sku, threshold: null, inForce: { reorderPoint, targetLevel, thresholdSource }, removed });
      }),
  };
}

/** The movement a cursor of the movements list points after, or a UserInputError naming `cursor`. */
function movementKeyOf(cursor: string): MovementKey {
  const r = movementCursor.safeParse(decodeCursor('movements', cursor));
  if (!r.success) throw new UserInputError('cursor', 'not a cursor of this list (pass nextCursor as it was given)');
  const [ms, source, seq, kind] = r.data;
  return { ms, source, seq, kind };
}
