import { expect, vi } from 'vitest';
import type { ReplenishmentOrder, StockAlert } from '../../lib/inventory/stock-alerts';
import type { Threshold } from '../../lib/inventory/thresholds';
import { createLogger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import type { StoreInfo } from '../kpis/store-directory';
import { createInventoryRoutes } from './inventory-routes';
import type { Movement, MovementQuery, MovementSource } from './movement-source';
import { NO_FIELDS, type PairFields } from './stock-level';
import { catalogEntryOf } from './sku-catalog';
import type { StockReader } from './stock-reader';
import type { ThresholdStore } from './threshold-store';

/**
 * What the inventory-*-routes.test.ts files share: the inventory routes over stand-ins for
 * Redis and ClickHouse (`setup`), the users, the stock, alerts, orders and movements the
 * stand-ins hold, and a request builder. `inventoryCalls(check)` calls a route and checks the
 * answer against the OpenAPI document; the checker comes from test/openapi-checker.ts, which
 * code outside a *.test.ts file may not import (.dependency-cruiser.cjs), so each test file
 * passes its own. The readers themselves run against real Redis and chDB in the
 * *.int.test.ts files.
 */
const ORIGIN = 'http://127.0.0.1:3000';
export const NOW = Date.parse('2026-11-21T10:00:00Z');
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  merch: { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' },
  manager: { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] },
  fraud: { userId: 'u4', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
};

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

export function setup(o: { fail?: boolean } = {}) {
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

export const request = (method: string, user: string | null, path: string, o: { body?: unknown; origin?: string | null; type?: string } = {}) =>
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

/** The part of test/openapi-checker.ts the calls use. */
export interface AnswerChecker {
  checkBody(path: string, method: string, status: number, body: unknown): string | null;
}

export type R = ReturnType<typeof setup>['routes'];
const SKU_PATH = '/api/v1/inventory/skus/{sku}';
const LOC_PATH = '/api/v1/inventory/locations/{locationId}';
const MOVES_PATH = '/api/v1/inventory/movements';
const THR_PATH = '/api/v1/inventory/thresholds/{locationId}/{sku}';

/** The routes called and their answers checked against the document for their path, with `check`. */
export function inventoryCalls(check: AnswerChecker) {
  /** The answer's status and body, checked against the document for its path. */
  async function answer(res: Response, docPath: string, method = 'get') {
    const body = (await res.json()) as Record<string, unknown> & { [k: string]: never };
    expect(check.checkBody(docPath, method, res.status, body), `${method} ${docPath} ${res.status} ${JSON.stringify(body)}`).toBeNull();
    return { status: res.status, body: body as Record<string, unknown>, headers: res.headers };
  }
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
  return { answer, skuOf, locOf, movesOf, alertsOf, ordersOf, put, del };
}
