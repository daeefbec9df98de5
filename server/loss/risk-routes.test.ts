import { describe, expect, it } from 'vitest';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { RiskAnswer, RiskWeightsAnswer, WeightsVersion } from '../../lib/loss/risk-answers';
import { DEFAULT_WEIGHTS, SIGNAL_METRICS } from '../../lib/loss/risk-signals';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { openApiDocument } from '../openapi/api';
import type { ExceptionSource, GroupRow, StoreDays } from './exception-rows';
import { createExceptionsService } from './exceptions-service';
import { parseWeightsBody } from './risk-input';
import { createRiskRoutes } from './risk-routes';
import { createRiskService } from './risk-service';
import { DEFAULTS_VERSION, type RiskWeightStore } from './risk-weights';

/**
 * The risk routes over the real services with stand-in exception sources and an in-memory
 * weight store (the Redis one runs in test/loss-risk.int.test.ts): who may ask and who may
 * set the weights, Origin, the body's validation, versions, and every answer against the
 * OpenAPI document.
 */
const RISK = '/api/v1/loss/risk';
const WEIGHTS = '/api/v1/loss/risk/weights';
const ORIGIN = 'http://127.0.0.1:3000';
const check = openApiChecker(openApiDocument('test'));
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  fraud: { userId: 'u2', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
  merch: { userId: 'u3', username: 'merch', role: 'merchandiser', stores: 'all' },
  manager: { userId: 'u4', username: 'manager', role: 'store_manager', stores: ['S001'] },
};
const NOW = Date.parse('2026-11-21T10:00:00Z');
const STORES = new Map<string, StoreInfo>([
  ['S001', { storeId: 'S001', name: 'S001', region: 'Portugal', timezone: 'Europe/Lisbon', currency: 'EUR', tills: ['S001-T01', 'S001-T02', 'S001-T03'] }],
]);

/** Six cashiers of S001: five ordinary, C9 opening the drawer without a sale all day, and the self-checkout. */
function source(name: 'live' | 'history', fail = false): ExceptionSource {
  return {
    name,
    storeRows: async (stores: StoreDays[]) => {
      if (fail) throw new Error('ECONNREFUSED');
      const rows: GroupRow[] = [];
      if (!stores.some((s) => s.storeId === 'S001')) return rows;
      const cashier = (id: string, i: number, noSaleOpens: number, postVoids: number) =>
        rows.push({ level: 'cashier', storeId: 'S001', id, metrics: { receipts: 200 + 10 * i, items: 1600, sales: 400_000 + 5_000 * i, lineVoids: 10 + i, noSaleOpens, postVoids, postVoidAmount: 2_500 * postVoids } });
      [1, 2, 3, 4, 5].forEach((i) => cashier(`C${i}`, i, i % 2, i === 3 ? 5 : 0));
      cashier('C9', 2, 25, 0);
      rows.push({ level: 'cashier', storeId: 'S001', id: 'S001-SCO', metrics: { receipts: 300, items: 2000, sales: 500_000 } });
      rows.push({ level: 'store', storeId: 'S001', id: '', metrics: { receipts: 1500 } });
      return rows;
    },
    cashierRows: async () => [],
  };
}

/** The Redis store's behaviour, in memory. */
function memoryStore(fail = false): RiskWeightStore & { versions: WeightsVersion[] } {
  const versions: WeightsVersion[] = [];
  const guard = () => {
    if (fail) throw new Error('ECONNREFUSED');
  };
  return {
    versions,
    current: async () => (guard(), versions.at(-1) ?? DEFAULTS_VERSION),
    previous: async (version, count) => [...versions.filter((v) => v.version < version).reverse(), ...(version > 0 ? [DEFAULTS_VERSION] : [])].slice(0, count),
    put: async (weights, by, at, basedOn) => {
      guard();
      const cur = versions.at(-1)?.version ?? 0;
      if (basedOn !== undefined && basedOn !== cur) return { conflict: cur };
      const v = { version: cur + 1, weights, setBy: by, setAt: new Date(at).toISOString() };
      versions.push(v);
      return v;
    },
  };
}

function setup(o: { failSource?: boolean; failStore?: boolean } = {}) {
  const exceptions = createExceptionsService({ live: source('live', o.failSource), history: source('history', o.failSource), stores: async () => STORES, hqTimezone: 'Europe/Madrid', now: () => NOW });
  const store = memoryStore(o.failStore);
  const service = createRiskService({ exceptions, weights: store, now: () => NOW });
  const routes = createRiskRoutes({ service, requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(), log: createLogger({ level: 'silent', pretty: false }) });
  return { routes, store };
}
type Routes = ReturnType<typeof setup>['routes'];

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

async function answer<T>(res: Response, docPath: string, method = 'get'): Promise<{ status: number; body: T }> {
  const body = (await res.json()) as T;
  expect(check.checkBody(docPath, method, res.status, body), `${method} ${docPath} ${res.status} ${JSON.stringify(body).slice(0, 500)}`).toBeNull();
  return { status: res.status, body };
}
const ranking = async (routes: Routes, user: string | null, query = '') => answer<RiskAnswer & { error?: string; field?: string }>(await routes.ranking(request('GET', user, `${RISK}${query}`)), RISK);
const weights = async (routes: Routes, user: string | null) => answer<RiskWeightsAnswer & { error?: string }>(await routes.weights(request('GET', user, WEIGHTS)), WEIGHTS);
const put = async (routes: Routes, user: string | null, body: unknown, o: { origin?: string | null; type?: string } = {}) =>
  answer<RiskWeightsAnswer & { error?: string; field?: string; message?: string }>(await routes.putWeights(request('PUT', user, WEIGHTS, { body, ...o })), WEIGHTS, 'put');

describe('GET /api/v1/loss/risk', () => {
  it('ranks the cashiers of the scope with the weights in force, for fraud analysts and admins', async () => {
    const { routes } = setup();
    for (const user of ['fraud', 'admin']) {
      const { status, body } = await ranking(routes, user, '?from=2026-11-20&to=2026-11-20');
      expect(status).toBe(200);
      expect(body).toMatchObject({ scope: { level: 'chain', stores: ['S001'] }, period: { label: 'range', from: '2026-11-20', to: '2026-11-20' }, source: 'live', currency: 'EUR', weights: { version: 0, setBy: null } });
      expect(body.weights.weights).toEqual(DEFAULT_WEIGHTS);
      expect(body.cashiers[0]).toMatchObject({ rank: 1, storeRank: 1, cashierId: 'C9', storeId: 'S001', tillKind: 'staffed', peers: 5 });
      expect(body.cashiers[0]!.drivers[0]).toMatchObject({ metric: 'noSaleOpens', value: 25 });
      expect(body.cashiers.at(-1)).toMatchObject({ cashierId: 'S001-SCO', tillKind: 'sco', rank: null, score: null, peers: 0 });
      expect(body).toMatchObject({ total: 7, scored: 6 });
    }
  });

  it('answers from history for a period live does not cover, or when asked', async () => {
    const { routes } = setup();
    expect((await ranking(routes, 'fraud', '?from=2026-09-01&to=2026-09-02')).body.source).toBe('history');
    expect((await ranking(routes, 'fraud', '?from=2026-11-20&to=2026-11-20&source=history')).body.source).toBe('history');
  });

  it('gives at most `limit` cashiers, best first', async () => {
    const { routes } = setup();
    const { body } = await ranking(routes, 'fraud', '?limit=2');
    expect(body.cashiers.map((c) => c.rank)).toEqual([1, 2]);
    expect(body.total).toBe(7);
  });

  it('refuses a store manager and a merchandiser (403), and a request without a session (401)', async () => {
    const { routes } = setup();
    for (const user of ['manager', 'merch']) expect(await ranking(routes, user, '?storeId=S001')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await ranking(routes, null)).status).toBe(401);
  });

  it('answers 400 naming a bad parameter, 404 for an unknown store', async () => {
    const { routes } = setup();
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?limit=ten', 'limit'],
      ['?groupBy=cashier', 'groupBy'],
      ['?from=2026-11-20', 'to'],
      ['?from=2026-11-21&to=2026-11-20', 'to'],
      ['?from=2026-11-20&to=2026-11-20&source=sometimes', 'source'],
    ]) {
      expect(await ranking(routes, 'fraud', query!), query).toMatchObject({ status: 400, body: { error: 'invalid_request', field } });
    }
    expect((await ranking(routes, 'fraud', '?storeId=S999')).status).toBe(404);
  });

  it('answers 503 when the exceptions or the weights cannot be read', async () => {
    expect((await ranking(setup({ failSource: true }).routes, 'fraud')).status).toBe(503);
    expect((await ranking(setup({ failStore: true }).routes, 'fraud')).status).toBe(503);
  });
});

describe('GET and PUT /api/v1/loss/risk/weights', () => {
  it('shows the weights in force (the defaults first), the signals and their defaults', async () => {
    const { routes } = setup();
    const { status, body } = await weights(routes, 'fraud');
    expect(status).toBe(200);
    expect(body).toMatchObject({ current: { version: 0, weights: DEFAULT_WEIGHTS, setBy: null, setAt: null }, previous: [], defaults: DEFAULT_WEIGHTS, maxWeight: 10 });
    expect(body.signals.map((s) => s.metric)).toEqual(SIGNAL_METRICS);
    for (const user of ['manager', 'merch']) expect((await weights(routes, user)).status).toBe(403);
    expect((await weights(routes, null)).status).toBe(401);
  });

  it('stores an admin’s weights as a new version with who and when, keeps the earlier ones, and the ranking uses them at once', async () => {
    const { routes } = setup();
    const before = (await ranking(routes, 'fraud')).body;
    const first = await put(routes, 'admin', { weights: { noSaleOpens: 0, postVoids: 6 } });
    expect(first.status).toBe(200);
    expect(first.body.current).toEqual({ version: 1, weights: { ...DEFAULT_WEIGHTS, noSaleOpens: 0, postVoids: 6 }, setBy: 'admin', setAt: '2026-11-21T10:00:00.000Z' });
    expect(first.body.previous.map((v) => v.version)).toEqual([0]);
    const after = (await ranking(routes, 'fraud')).body;
    expect(after.weights.version).toBe(1);
    expect(before.cashiers[0]!.cashierId).toBe('C9');
    // Without no-sale openings, the cashier with the post-voids comes first.
    expect(after.cashiers[0]!.cashierId).toBe('C3');
    expect(after.cashiers.find((c) => c.cashierId === 'C9')!.drivers.map((d) => d.metric)).not.toContain('noSaleOpens');
    // A second version: a signal left out takes its default again.
    const second = await put(routes, 'admin', { weights: { postVoids: 3 } });
    expect(second.body.current).toMatchObject({ version: 2, weights: { ...DEFAULT_WEIGHTS, postVoids: 3 } });
    expect(second.body.previous.map((v) => v.version)).toEqual([1, 0]);
    expect((await weights(routes, 'fraud')).body.current.version).toBe(2);
    expect((await ranking(routes, 'fraud')).body.weights.version).toBe(2);
  });

  it('lets only an admin set them: a fraud analyst, a store manager and a merchandiser get 403, nothing stored', async () => {
    const { routes, store } = setup();
    for (const user of ['fraud', 'manager', 'merch']) expect(await put(routes, user, { weights: { postVoids: 1 } })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await put(routes, null, { weights: { postVoids: 1 } })).status).toBe(401);
    expect(store.versions).toEqual([]);
  });

  it('refuses a PUT from another origin, or without one, before anything else (403 forbidden_origin)', async () => {
    const { routes, store } = setup();
    expect(await put(routes, 'admin', { weights: { postVoids: 1 } }, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put(routes, 'admin', { weights: { postVoids: 1 } }, { origin: null })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put(routes, null, { weights: { postVoids: 1 } }, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(store.versions).toEqual([]);
  });

  it('answers 400 naming what is wrong in the body: an unknown metric, a weight out of 0..10 or not a finite number', async () => {
    const { routes, store } = setup();
    for (const [body, field] of [
      [{ weights: { postVoids: 1, fooBar: 2 } }, 'weights.fooBar'],
      [{ weights: { scoAssists: 1 } }, 'weights.scoAssists'],
      [{ weights: { receipts: 1 } }, 'weights.receipts'],
      [{ weights: { postVoids: 11 } }, 'weights.postVoids'],
      [{ weights: { postVoids: -0.5 } }, 'weights.postVoids'],
      [{ weights: { postVoids: '2' } }, 'weights.postVoids'],
      [{ weights: { postVoids: null } }, 'weights.postVoids'],
      ['{"weights":{"noSaleOpens":1e400}}', 'weights.noSaleOpens'],
      [{ weights: [1, 2] }, 'weights'],
      [{}, 'weights'],
      [{ weights: {}, note: 'x' }, 'note'],
      [{ weights: {}, basedOn: -1 }, 'basedOn'],
      ['{"weights":', ''],
    ] as const) {
      const r = await put(routes, 'admin', body);
      expect({ sent: body, ...r }).toMatchObject({ status: 400, body: { error: 'invalid_request', field } });
    }
    const unknown = await put(routes, 'admin', { weights: { fooBar: 2 } });
    expect(unknown.body.message).toContain('"fooBar" is not a signal');
    expect((await put(routes, 'admin', { weights: {} }, { type: 'text/plain' })).status).toBe(415);
    expect(store.versions).toEqual([]);
    // The edges are weights.
    expect((await put(routes, 'admin', { weights: { postVoids: 0, noSaleOpens: 10 } })).status).toBe(200);
  });

  it('stores nothing when the weights were edited from a version no longer in force (409)', async () => {
    const { routes } = setup();
    expect((await put(routes, 'admin', { weights: { postVoids: 3 }, basedOn: 0 })).status).toBe(200);
    expect(await put(routes, 'admin', { weights: { postVoids: 4 }, basedOn: 0 })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect((await put(routes, 'admin', { weights: { postVoids: 4 }, basedOn: 1 })).body.current).toMatchObject({ version: 2, weights: { postVoids: 4 } });
  });

  it('answers 503 when the weights cannot be stored', async () => {
    expect((await put(setup({ failStore: true }).routes, 'admin', { weights: {} })).status).toBe(503);
  });
});

describe('the body of a PUT of the weights', () => {
  it('takes every signal, each optional, as a number 0..10', () => {
    const all = Object.fromEntries(SIGNAL_METRICS.map((m, i) => [m, i % 11]));
    expect(parseWeightsBody({ weights: all })).toEqual({ weights: all });
    expect(parseWeightsBody({ weights: {}, basedOn: 3 })).toEqual({ weights: {}, basedOn: 3 });
    expect(() => parseWeightsBody({ weights: { postVoids: Number.NaN } })).toThrow(/weights\.postVoids/);
    expect(() => parseWeightsBody({ weights: { postVoids: Number.POSITIVE_INFINITY } })).toThrow(/weights\.postVoids/);
    expect(() => parseWeightsBody(null)).toThrow();
  });
});
