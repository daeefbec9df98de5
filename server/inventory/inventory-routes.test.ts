import { describe, expect, it, vi } from 'vitest';
import type { ReplenishmentOrder, StockAlert } from '../../lib/inventory/stock-alerts';
import type { Threshold } from '../../lib/inventory/thresholds';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import type { StoreInfo } from '../kpis/store-directory';
import { openApiDocument } from '../openapi/api';
import { createInventoryRoutes } from './inventory-routes';
import { encodeCursor } from './keyset-page';
import type { Movement, MovementQuery, MovementSource } from './movement-source';
import { NO_FIELDS, type PairFields } from './stock-level';
import { catalogEntryOf } from './sku-catalog';
import type { StockReader } from './stock-reader';
import type { ThresholdStore } from './threshold-store';

/**
 * The inventory routes over stand-ins for Redis and ClickHouse: who sees what, which
 * answer each case gets, every answer checked against the OpenAPI document. The readers
 * themselves run against real Redis and chDB in the *.int.test.ts files.
 */
const ORIGIN = 'http://127.0.0.1:3000';
const NOW = Date.parse('2026-11-21T10:00:00Z');
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  merch: { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' },
  manager: { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] },
  fraud: { userId: 'u4', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
};
const check = openApiChecker(openApiDocument('test'));

const f = (x: Partial<PairFields>): PairFields => ({ ...NO_FIELDS, ...x });
/** Redis as the readers would find it: location → SKU → fields. */
const STOCK: Record<string, Record<string, PairFields>> = {
  S001: {
    'SKU-1': f({ onHand: '20', reserved: '2', velocity: '4' }),
    'SKU-2': f({ onHand: '3', threshold: JSON.stringify({ reorderPoint: 5, targetLevel: 30, source: 'masterdata', setAt: 1 }), velocity: '1' }),
    'SKU-3': f({ onHand: '40' }),
  },
  S003: { 'SKU-1': f({ onHand: '7', incoming: '10', velocity: '7' }) },
  DC01: { 'SKU-1': f({ onHand: '500', safetyStock: '50' }), 'SKU-9': f({ onHand: '1' }) },
};
const MASTER: Record<string, { name: string; category: string }> = {
  'SKU-1': { name: 'Milk', category: 'dairy' },
  'SKU-2': { name: 'Butter', category: 'dairy' },
  'SKU-3': { name: 'Bread', category: 'bakery' },
  'SKU-7': { name: 'Never stocked', category: 'misc' },
};
const alert = (id: string, locationId: string, openedAt: number, state: 'open' | 'resolved'): StockAlert => ({
  id,
  kind: 'low_stock',
  severity: 'warning',
  subject: { locationId, sku: 'SKU-1' },
  evidence: { onHand: 1, reserved: 0, available: 1, incoming: 0, reorderPoint: 5 },
  state,
  openedAt,
  ...(state === 'resolved' ? { resolvedAt: openedAt + 1000 } : {}),
});
const ALERTS = [alert('a1', 'S001', NOW - 3000, 'open'), alert('a2', 'S003', NOW - 2000, 'open'), alert('a3', 'S002', NOW - 1000, 'resolved'), alert('a4', 'DC01', NOW - 500, 'open')];
const order = (id: string, locationId: string, createdAt: number, state: ReplenishmentOrder['state']): ReplenishmentOrder => ({
  id,
  locationId,
  sku: 'SKU-1',
  qty: 10,
  targetLevel: 20,
  evidence: { onHand: 1, reserved: 0, available: 1, incoming: 0, reorderPoint: 5 },
  alertId: 'a1',
  state,
  createdAt,
  ...(state === 'received' ? { receivedAt: createdAt + 5000 } : {}),
  ...(state === 'expired' ? { expiredAt: createdAt + 86_400_001 } : {}),
});
const ORDERS = [
  order('r0', 'S001', NOW - 90_000_000, 'expired'),
  order('r1', 'S001', NOW - 3000, 'open'),
  order('r2', 'S003', NOW - 2000, 'open'),
  order('r3', 'S001', NOW - 1000, 'received'),
];
const MOVES: Movement[] = [
  { ms: NOW - 5000, kind: 'counted', delta: 20, source: 'WMS', seq: 1, ref: '' },
  { ms: NOW - 4000, kind: 'sale', delta: -2, source: 'S001-T01', seq: 7, ref: 'R1' },
  { ms: NOW - 3000, kind: 'refund', delta: 1, source: 'S001-T01', seq: 9, ref: 'R2' },
];

function setup(o: { fail?: boolean } = {}) {
  const boom = () => Promise.reject(new Error('ECONNREFUSED'));
  const thresholds = new Map<string, Threshold>();
  const stock: StockReader = {
    locations: vi.fn(o.fail ? boom : async () => Object.keys(STOCK).sort()),
    skuAt: vi.fn(async (sku: string, locations: string[]) => new Map(locations.map((l) => [l, STOCK[l]?.[sku] ?? NO_FIELDS]))),
    atLocation: vi.fn(async (l: string) => new Map(Object.entries(STOCK[l] ?? {}))),
    skuInfo: vi.fn(async (skus: string[]) => new Map(skus.filter((s) => MASTER[s]).map((s) => [s, MASTER[s]!]))),
    catalog: vi.fn(o.fail ? boom : async () => Object.entries(MASTER).map(([sku, m]) => catalogEntryOf(sku, JSON.stringify({ sku, ...m, price: 100 })))),
  };
  const movements: MovementSource = {
    page: vi.fn(async (q: MovementQuery) => {
      const after = q.after;
      const rest = MOVES.filter((m) => !after || m.ms > after.ms);
      return { movements: rest.slice(0, q.limit), more: rest.length > q.limit };
    }),
    totals: vi.fn(async () => [
      { kind: 'sale' as const, delta: -2, events: 1 },
      { kind: 'refund' as const, delta: 1, events: 1 },
      { kind: 'counted' as const, delta: 20, events: 1 },
    ]),
  };
  const store: ThresholdStore = {
    set: vi.fn(async (l, s, t, by, now) => {
      const stored: Threshold = { ...t, source: 'api', setAt: now, setBy: by };
      thresholds.set(`${l}/${s}`, stored);
      return stored;
    }),
    remove: vi.fn(async (l, s) => thresholds.delete(`${l}/${s}`)),
    get: vi.fn(async (l, s) => thresholds.get(`${l}/${s}`) ?? null),
  };
  const stores = new Map<string, StoreInfo>(['S001', 'S002', 'S003'].map((id) => [id, { storeId: id, name: id, region: 'north', timezone: 'Europe/Madrid', currency: 'EUR', tills: [] }]));
  const routes = createInventoryRoutes({
    stock,
    movements,
    alerts: { alerts: async () => ALERTS, replenishments: async () => ORDERS },
    thresholds: store,
    stores: async () => stores,
    requirePrincipal: (r) => Promise.resolve(users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated()),
    log: createLogger({ level: 'silent' }),
    now: () => NOW,
  });
  return { routes, stock, movements, store };
}

const request = (method: string, user: string | null, path: string, o: { body?: unknown; origin?: string | null; type?: string } = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method,
    headers: {
      host: '127.0.0.1:3000',
      ...(user ? { 'x-user': user } : {}),
      ...(o.origin === null || method === 'GET' ? {} : { origin: o.origin ?? ORIGIN }),
      ...(o.body === undefined ? {} : { 'content-type': o.type ?? 'application/json' }),
    },
    ...(o.body === undefined ? {} : { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
  });

/** The answer's status and body, checked against the document for its path. */
async function answer(res: Response, docPath: string, method = 'get') {
  const body = (await res.json()) as Record<string, unknown> & { [k: string]: never };
  expect(check.checkBody(docPath, method, res.status, body), `${method} ${docPath} ${res.status} ${JSON.stringify(body)}`).toBeNull();
  return { status: res.status, body: body as Record<string, unknown>, headers: res.headers };
}

type R = ReturnType<typeof setup>['routes'];
const SKU_PATH = '/api/v1/inventory/skus/{sku}';
const LOC_PATH = '/api/v1/inventory/locations/{locationId}';
const MOVES_PATH = '/api/v1/inventory/movements';
const THR_PATH = '/api/v1/inventory/thresholds/{locationId}/{sku}';
const skuOf = async (routes: R, user: string | null, sku: string, query = '') => answer(await routes.sku(request('GET', user, `/api/v1/inventory/skus/${sku}${query}`), sku), SKU_PATH);
const locOf = async (routes: R, user: string | null, loc: string, query = '') => answer(await routes.location(request('GET', user, `/api/v1/inventory/locations/${loc}${query}`), loc), LOC_PATH);
const movesOf = async (routes: R, user: string | null, query: string) => answer(await routes.movements(request('GET', user, `${MOVES_PATH}?${query}`)), MOVES_PATH);
const alertsOf = async (routes: R, user: string | null, query = '') => answer(await routes.alerts(request('GET', user, `/api/v1/inventory/alerts?${query}`)), '/api/v1/inventory/alerts');
const ordersOf = async (routes: R, user: string | null, query = '') =>
  answer(await routes.replenishments(request('GET', user, `/api/v1/inventory/replenishments?${query}`)), '/api/v1/inventory/replenishments');
const put = async (routes: R, user: string | null, loc: string, sku: string, body: unknown, o: { origin?: string | null; type?: string } = {}) =>
  answer(await routes.putThreshold(request('PUT', user, `/api/v1/inventory/thresholds/${loc}/${sku}`, { body, ...o }), loc, sku), THR_PATH, 'put');
const del = async (routes: R, user: string | null, loc: string, sku: string, o: { origin?: string | null } = {}) =>
  answer(await routes.deleteThreshold(request('DELETE', user, `/api/v1/inventory/thresholds/${loc}/${sku}`, o), loc, sku), THR_PATH, 'delete');

describe('GET /api/v1/inventory/skus (search)', () => {
  const SEARCH_PATH = '/api/v1/inventory/skus';
  const search = async (routes: R, user: string | null, query: string) => answer(await routes.skuSearch(request('GET', user, `${SEARCH_PATH}?${query}`)), SEARCH_PATH);

  it('the start of an id first (by id), then a part of a name (by name), case-insensitive, with master data', async () => {
    const { routes } = setup();
    const r = await search(routes, 'manager', 'q=sku-');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ q: 'sku-', more: false, generatedAt: '2026-11-21T10:00:00.000Z' });
    expect((r.body.items as { sku: string }[]).map((i) => i.sku)).toEqual(['SKU-1', 'SKU-2', 'SKU-3', 'SKU-7']);
    const byName = await search(routes, 'merch', 'q=%20BREAD%20');
    expect(byName.body).toMatchObject({ q: 'BREAD', items: [{ sku: 'SKU-3', name: 'Bread', category: 'bakery', match: 'name' }] });
    expect((await search(routes, 'admin', 'q=nothing')).body).toMatchObject({ items: [], more: false });
  });

  it('limit: at most that many, and `more` when others matched', async () => {
    const { routes } = setup();
    const r = await search(routes, 'admin', 'q=SKU&limit=2');
    expect(r.body).toMatchObject({ more: true, items: [{ sku: 'SKU-1' }, { sku: 'SKU-2' }] });
  });

  it('400 naming a missing, empty, too long or unknown parameter and a bad limit; 401; 403 for a fraud analyst; 503 when Redis fails', async () => {
    const { routes, stock } = setup();
    for (const [query, field] of [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(65)}`, 'q'],
      ['q=SKU&limit=0', 'limit'],
      ['q=SKU&limit=51', 'limit'],
      ['q=SKU&limit=ten', 'limit'],
      ['q=SKU&colour=red', 'colour'],
      ['q=SKU&q=MILK', 'q'],
    ]) {
      expect(await search(routes, 'admin', query!), query).toMatchObject({ status: 400, body: { error: 'invalid_request', field } });
    }
    expect((await search(routes, null, 'q=SKU')).status).toBe(401);
    expect(await search(routes, 'fraud', 'q=SKU')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(stock.catalog).not.toHaveBeenCalled();
    expect(await search(setup({ fail: true }).routes, 'admin', 'q=SKU')).toMatchObject({ status: 503, body: { error: 'unavailable' } });
  });
});

describe('GET /api/v1/inventory/locations', () => {
  const LIST_PATH = '/api/v1/inventory/locations';
  const list = async (routes: R, user: string | null, query = '') => answer(await routes.locations(request('GET', user, `${LIST_PATH}${query}`)), LIST_PATH);
  const brief = (r: { body: Record<string, unknown> }) => (r.body.locations as { locationId: string; kind: string; hasStock: boolean }[]).map((l) => `${l.locationId} ${l.kind} ${l.hasStock}`);

  it('stores of the master data first, then the other locations with stock, each as the caller may see them', async () => {
    const { routes } = setup();
    expect(brief(await list(routes, 'merch'))).toEqual(['S001 store true', 'S002 store false', 'S003 store true', 'DC01 warehouse true']);
    expect((await list(routes, 'admin')).body.locations).toContainEqual({ locationId: 'S001', kind: 'store', name: 'S001', hasStock: true });
    expect(brief(await list(routes, 'manager'))).toEqual(['S001 store true', 'S002 store false']);
  });

  it('400 for any parameter, 401, 403 for a fraud analyst, 503 when Redis fails', async () => {
    const { routes } = setup();
    expect(await list(routes, 'admin', '?kind=store')).toMatchObject({ status: 400, body: { field: 'kind' } });
    expect((await list(routes, null)).status).toBe(401);
    expect((await list(routes, 'fraud')).status).toBe(403);
    expect((await list(setup({ fail: true }).routes, 'admin')).status).toBe(503);
  });
});

describe('GET /api/v1/inventory/skus/{sku}', () => {
  it('an HQ role gets the SKU at every location, with master data, stock levels and totals', async () => {
    const { routes } = setup();
    const r = await skuOf(routes, 'merch', 'SKU-1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sku: 'SKU-1', name: 'Milk', category: 'dairy', generatedAt: '2026-11-21T10:00:00.000Z' });
    const locations = r.body.locations as { locationId: string }[];
    expect(locations.map((l) => l.locationId)).toEqual(['DC01', 'S001', 'S003']);
    expect(locations[0]).toMatchObject({ onHand: 500, safetyStock: 50, available: 450, daysOfCover: null, thresholdSource: 'velocity', reorderPoint: 0, low: false });
    expect(locations[1]).toMatchObject({ onHand: 20, reserved: 2, available: 18, unitsPerDay: 4, daysOfCover: 4.5, reorderPoint: 12, targetLevel: 40, low: false });
    expect(locations[2]).toMatchObject({ onHand: 7, available: 7, incoming: 10, reorderPoint: 21, low: true, daysOfCover: 1 });
    expect(r.body.totals).toEqual({ onHand: 527, reserved: 2, available: 475, incoming: 10 });
  });

  it('a store manager sees its own stores only, and a SKU kept only elsewhere does not exist for it', async () => {
    const { routes } = setup();
    const r = await skuOf(routes, 'manager', 'SKU-1');
    expect((r.body.locations as { locationId: string }[]).map((l) => l.locationId)).toEqual(['S001']);
    expect(r.body.totals).toMatchObject({ onHand: 20 });
    expect((await skuOf(routes, 'manager', 'SKU-9')).status).toBe(404);
    expect((await skuOf(routes, 'admin', 'SKU-9')).body).toMatchObject({ name: null, category: null });
  });

  it('a SKU of the master data that no location keeps is all zeros; one unknown everywhere is 404', async () => {
    const { routes } = setup();
    const r = await skuOf(routes, 'admin', 'SKU-7');
    expect(r).toMatchObject({ status: 200, body: { name: 'Never stocked', totals: { onHand: 0, reserved: 0, available: 0, incoming: 0 } } });
    expect(await skuOf(routes, 'admin', 'SKU-404')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('400 naming the segment or a parameter; 401, 403 for a fraud analyst, 503 when Redis fails', async () => {
    const { routes } = setup();
    expect(await skuOf(routes, 'admin', 'SKU 1')).toMatchObject({ status: 400, body: { field: 'sku' } });
    expect(await skuOf(routes, 'admin', 'SKU-1', '?colour=red')).toMatchObject({ status: 400, body: { field: 'colour' } });
    expect((await skuOf(routes, null, 'SKU-1')).status).toBe(401);
    expect(await skuOf(routes, 'fraud', 'SKU-1')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const down = await skuOf(setup({ fail: true }).routes, 'admin', 'SKU-1');
    expect(down).toMatchObject({ status: 503, body: { error: 'unavailable', retryAfterSeconds: 5 } });
    expect(down.headers.get('retry-after')).toBe('5');
  });
});

describe('GET /api/v1/inventory/locations/{locationId}', () => {
  it('lists the location’s SKUs by days of cover (nulls last), with master data', async () => {
    const { routes } = setup();
    const r = await locOf(routes, 'manager', 'S001');
    expect(r.body).toMatchObject({ locationId: 'S001', total: 3, nextCursor: null, filters: { category: null, lowOnly: false, sort: 'daysOfCover' } });
    const items = r.body.items as { sku: string; daysOfCover: number | null; category: string }[];
    expect(items.map((i) => [i.sku, i.daysOfCover])).toEqual([
      ['SKU-2', 3],
      ['SKU-1', 4.5],
      ['SKU-3', null],
    ]);
    expect(items[0]).toMatchObject({ name: 'Butter', category: 'dairy', reorderPoint: 5, targetLevel: 30, thresholdSource: 'masterdata', low: true });
  });

  it('filters by category and low stock, sorts by SKU or available, and pages with the cursor', async () => {
    const { routes } = setup();
    const skus = (r: { body: Record<string, unknown> }) => (r.body.items as { sku: string }[]).map((i) => i.sku);
    expect(skus(await locOf(routes, 'admin', 'S001', '?category=dairy&sort=sku'))).toEqual(['SKU-1', 'SKU-2']);
    expect(skus(await locOf(routes, 'admin', 'S001', '?lowOnly=true'))).toEqual(['SKU-2']);
    expect(skus(await locOf(routes, 'admin', 'S001', '?sort=available'))).toEqual(['SKU-2', 'SKU-1', 'SKU-3']);
    const first = await locOf(routes, 'admin', 'S001', '?sort=sku&limit=2');
    expect(first.body).toMatchObject({ total: 3 });
    expect(skus(first)).toEqual(['SKU-1', 'SKU-2']);
    const second = await locOf(routes, 'admin', 'S001', `?sort=sku&limit=2&cursor=${first.body.nextCursor as string}`);
    expect(skus(second)).toEqual(['SKU-3']);
    expect(second.body.nextCursor).toBeNull();
    // A cursor of another sort is refused.
    expect(await locOf(routes, 'admin', 'S001', `?sort=available&cursor=${first.body.nextCursor as string}`)).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it('403 for a store manager elsewhere, before anything is read; 404 for an unknown location; an empty store is an empty list', async () => {
    const { routes, stock } = setup();
    expect(await locOf(routes, 'manager', 'S003')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await locOf(routes, 'manager', 'DC01')).toMatchObject({ status: 403 });
    // A location that does not exist is the same 403 to it: it learns nothing of which exist.
    expect(await locOf(routes, 'manager', 'XX9')).toMatchObject({ status: 403, body: { error: 'forbidden', message: 'locationId: you may not see the stock of XX9' } });
    expect(stock.atLocation).not.toHaveBeenCalled();
    expect(await locOf(routes, 'admin', 'XX9')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await locOf(routes, 'manager', 'S002')).toMatchObject({ status: 200, body: { total: 0, items: [] } });
    expect(await locOf(routes, 'fraud', 'S001')).toMatchObject({ status: 403 });
    expect(await locOf(routes, 'admin', 'S001', '?limit=0')).toMatchObject({ status: 400, body: { field: 'limit' } });
  });
});

describe('GET /api/v1/inventory/movements', () => {
  it('asks history for the pair over the last 7 days by default, and answers movements, totals and the net', async () => {
    const { routes, movements } = setup();
    const r = await movesOf(routes, 'manager', 'locationId=S001&sku=SKU-1');
    expect(movements.page).toHaveBeenCalledWith({ locationId: 'S001', sku: 'SKU-1', from: NOW - 7 * 86_400_000, to: NOW, after: undefined, limit: 1000 });
    expect(r.body).toMatchObject({ locationId: 'S001', sku: 'SKU-1', from: '2026-11-14T10:00:00.000Z', to: '2026-11-21T10:00:00.000Z', net: -1, nextCursor: null });
    expect((r.body.movements as unknown[])[1]).toEqual({ occurredAt: '2026-11-21T09:59:56.000Z', kind: 'sale', delta: -2, source: 'S001-T01', seq: 7, ref: 'R1' });
  });

  it('pages: the cursor is the last movement of the page', async () => {
    const { routes, movements } = setup();
    const first = await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1&from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z&limit=2');
    expect((first.body.movements as unknown[]).length).toBe(2);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBe(encodeCursor('movements', [NOW - 4000, 'S001-T01', 7, 'sale']));
    const second = await movesOf(routes, 'admin', `locationId=S001&sku=SKU-1&from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z&limit=2&cursor=${cursor}`);
    expect(movements.page).toHaveBeenLastCalledWith(expect.objectContaining({ after: { ms: NOW - 4000, source: 'S001-T01', seq: 7, kind: 'sale' } }));
    expect(second.body).toMatchObject({ nextCursor: null, movements: [{ kind: 'refund' }] });
    expect(await movesOf(routes, 'admin', `locationId=S001&sku=SKU-1&cursor=${encodeCursor('movements', ['x'])}`)).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it('400 for a period backwards or too long, 403 elsewhere for a store manager, 503 when ClickHouse fails', async () => {
    const { routes, movements } = setup();
    expect(await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1&from=2026-11-21T00:00:00Z&to=2026-11-21T00:00:00Z')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1&from=2024-01-01T00:00:00Z&to=2026-11-21T00:00:00Z')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await movesOf(routes, 'admin', 'sku=SKU-1')).toMatchObject({ status: 400, body: { field: 'locationId' } });
    expect(await movesOf(routes, 'manager', 'locationId=S003&sku=SKU-1')).toMatchObject({ status: 403 });
    expect(await movesOf(routes, 'fraud', 'locationId=S001&sku=SKU-1')).toMatchObject({ status: 403 });
    vi.mocked(movements.page).mockRejectedValueOnce(new Error('chdb down'));
    expect(await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1')).toMatchObject({ status: 503 });
  });
});

describe('GET /api/v1/inventory/alerts and /replenishments', () => {
  const ids = (r: { body: Record<string, unknown> }, k: string) => (r.body[k] as { id: string }[]).map((a) => a.id);

  it('open by default, newest first, at the locations the caller may see, times as ISO', async () => {
    const { routes } = setup();
    expect(ids(await alertsOf(routes, 'admin'), 'alerts')).toEqual(['a4', 'a2', 'a1']);
    expect(ids(await alertsOf(routes, 'manager'), 'alerts')).toEqual(['a1']);
    expect(ids(await alertsOf(routes, 'manager', 'state=all'), 'alerts')).toEqual(['a3', 'a1']);
    const resolved = await alertsOf(routes, 'merch', 'state=resolved');
    expect(resolved.body.alerts).toEqual([expect.objectContaining({ id: 'a3', openedAt: '2026-11-21T09:59:59.000Z', resolvedAt: '2026-11-21T10:00:00.000Z' })]);
    expect(ids(await alertsOf(routes, 'admin', 'locationId=S003'), 'alerts')).toEqual(['a2']);
    const paged = await alertsOf(routes, 'admin', 'limit=2');
    expect(ids(paged, 'alerts')).toEqual(['a4', 'a2']);
    expect(ids(await alertsOf(routes, 'admin', `limit=2&cursor=${paged.body.nextCursor as string}`), 'alerts')).toEqual(['a1']);
  });

  it('replenishment orders the same way', async () => {
    const { routes } = setup();
    expect(ids(await ordersOf(routes, 'admin'), 'replenishments')).toEqual(['r2', 'r1']);
    expect(ids(await ordersOf(routes, 'manager', 'state=all'), 'replenishments')).toEqual(['r3', 'r1', 'r0']);
    expect((await ordersOf(routes, 'admin', 'state=expired')).body.replenishments).toEqual([
      expect.objectContaining({ id: 'r0', state: 'expired', createdAt: '2026-11-20T09:00:00.000Z', expiredAt: '2026-11-21T09:00:00.001Z' }),
    ]);
    expect((await ordersOf(routes, 'manager', 'state=received')).body.replenishments).toEqual([
      expect.objectContaining({ id: 'r3', createdAt: '2026-11-21T09:59:59.000Z', receivedAt: '2026-11-21T10:00:04.000Z' }),
    ]);
  });

  it('403 for a foreign location named, or a fraud analyst; 400 for a state of the other list', async () => {
    const { routes } = setup();
    expect(await alertsOf(routes, 'manager', 'locationId=S003')).toMatchObject({ status: 403 });
    expect(await ordersOf(routes, 'manager', 'locationId=DC01')).toMatchObject({ status: 403 });
    expect(await alertsOf(routes, 'fraud')).toMatchObject({ status: 403 });
    expect(await ordersOf(routes, 'admin', 'state=resolved')).toMatchObject({ status: 400, body: { field: 'state' } });
  });
});

describe('PUT and DELETE /api/v1/inventory/thresholds/{locationId}/{sku}', () => {
  it('stores the threshold with who set it and when, and answers it with what is now in force', async () => {
    const { routes, store } = setup();
    const r = await put(routes, 'manager', 'S001', 'SKU-1', { reorderPoint: 8, targetLevel: 40 });
    expect(r).toMatchObject({
      status: 200,
      body: {
        locationId: 'S001',
        sku: 'SKU-1',
        threshold: { reorderPoint: 8, targetLevel: 40, source: 'api', setAt: '2026-11-21T10:00:00.000Z', setBy: 'manager' },
        inForce: { reorderPoint: 8, targetLevel: 40, thresholdSource: 'api' },
      },
    });
    expect(store.set).toHaveBeenCalledWith('S001', 'SKU-1', { reorderPoint: 8, targetLevel: 40 }, 'manager', NOW);
    // Without a target: an order fills up to twice the reorder point.
    expect((await put(routes, 'merch', 'DC01', 'SKU-7', { reorderPoint: 10 })).body).toMatchObject({ inForce: { reorderPoint: 10, targetLevel: 20 } });
  });

  it('refuses a forged Origin first, then a store manager elsewhere, a bad body, an unknown location or SKU', async () => {
    const { routes, store } = setup();
    expect(await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8 }, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8 }, { origin: null })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put(routes, 'manager', 'S003', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put(routes, 'manager', 'XX9', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put(routes, 'fraud', 'S001', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8, targetLevel: 3 })).toMatchObject({ status: 400, body: { field: 'targetLevel' } });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', '{"reorderPoint":')).toMatchObject({ status: 400 });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', 'reorderPoint=8', { type: 'text/plain' })).toMatchObject({ status: 415 });
    expect(await put(routes, 'admin', 'XX9', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 404 });
    expect(await put(routes, 'admin', 'S001', 'SKU-404', { reorderPoint: 8 })).toMatchObject({ status: 404 });
    expect(await put(routes, 'admin', 'S001', 'SKU 1', { reorderPoint: 8 })).toMatchObject({ status: 400, body: { field: 'sku' } });
    expect((await put(routes, null, 'S001', 'SKU-1', { reorderPoint: 8 })).status).toBe(401);
    expect(store.set).not.toHaveBeenCalled();
  });

  it('DELETE removes it, idempotently, and answers the default from velocity now in force', async () => {
    const { routes } = setup();
    await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8 });
    const gone = await del(routes, 'manager', 'S001', 'SKU-1');
    expect(gone).toMatchObject({ status: 200, body: { threshold: null, removed: true, inForce: { reorderPoint: 12, targetLevel: 40, thresholdSource: 'velocity' } } });
    expect((await del(routes, 'manager', 'S001', 'SKU-1')).body).toMatchObject({ removed: false });
    expect(await del(routes, 'manager', 'S003', 'SKU-1')).toMatchObject({ status: 403 });
    expect(await del(routes, 'admin', 'S001', 'SKU-1', { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
  });
});
