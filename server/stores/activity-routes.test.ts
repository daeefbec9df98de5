import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { openApiDocument } from '../openapi/api';
import type { StoreActivity } from './activity-answers';
import { createStoreActivityRoutes } from './activity-routes';
import type { StoreActivityService } from './activity-service';

/**
 * The route over a stand-in service: which answer each case gets, in which order the
 * checks come, every answer checked against the OpenAPI document. The service itself runs
 * against real Redis, Kafka and chDB in store-activity.int.test.ts.
 */
const P = '/api/v1/stores/{storeId}/activity';
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  fraud: { userId: 'u4', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
  manager: { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001', 'S009'] },
};
const check = openApiChecker(openApiDocument('test'));
const answer = (storeId: string): StoreActivity => ({
  storeId,
  name: 'Centro',
  timezone: 'Europe/Madrid',
  currency: 'EUR',
  day: '2026-11-21',
  from: '2026-11-20T23:00:00.000Z',
  to: '2026-11-21T11:01:00.000Z',
  tills: [
    {
      tillId: `${storeId}-T01`,
      inMasterData: true,
      status: 'online',
      lastEventAt: '2026-11-21T10:59:59.000Z',
      lastArrivalAt: '2026-11-21T11:00:00.000Z',
      lagMs: 1000,
      silentForMs: 0,
      missing: 0,
      sources: [{ source: `${storeId}-T01`, maxSeq: 9, lastEventAt: '2026-11-21T10:59:59.000Z', lastArrivalAt: '2026-11-21T11:00:00.000Z', lagMs: 1000, missing: 0, gaps: [] }],
      lastEventType: 'pos.receipt.closed',
      lastEventTypeAt: '2026-11-21T10:59:59.000Z',
      cashierId: 'C1',
      signedInAt: '2026-11-21T07:00:00.000Z',
      shiftOpen: true,
      shift: { shiftId: 'SH1', cashierId: 'C1', openedAt: '2026-11-21T07:00:10.000Z' },
    },
  ],
  onShift: [
    {
      cashierId: 'C1',
      tillId: `${storeId}-T01`,
      shiftId: 'SH1',
      shiftStart: '2026-11-21T07:00:10.000Z',
      shiftEnd: null,
      receipts: 3,
      items: 7,
      netSales: 1234,
      grossSales: 1300,
      refunds: 66,
      postVoids: 0,
      minutesOnShift: 240,
      receiptsPerHour: 0.75,
      itemsPerMinute: 0.03,
    },
  ],
  offShift: [],
  asOf: '2026-11-21T10:59:59.500Z',
  generatedAt: '2026-11-21T11:00:00.000Z',
});

function setup(o: { fail?: boolean } = {}) {
  const asked: string[] = [];
  const service: StoreActivityService = {
    activity: async (storeId) => {
      asked.push(storeId);
      if (o.fail) throw new Error('ECONNREFUSED');
      return storeId === 'S001' || storeId === 'S002' ? answer(storeId) : null;
    },
  };
  const routes = createStoreActivityRoutes({
    service,
    requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(),
    log: createLogger({ level: 'silent', pretty: false }),
  });
  const get = async (storeId: string, user?: string, query = '') => {
    const res = await routes.activity(new Request(`http://127.0.0.1:3000/api/v1/stores/${encodeURIComponent(storeId)}/activity${query}`, { headers: user ? { 'x-user': user } : {} }), storeId);
    const body = (await res.json()) as Record<string, unknown>;
    expect(check.checkBody(P, 'get', res.status, body), `${res.status} ${JSON.stringify(body)}`).toBeNull();
    return { status: res.status, body, headers: res.headers };
  };
  return { get, asked };
}

describe('GET /api/v1/stores/{storeId}/activity', () => {
  it('documents every answer', () => {
    expect(check.statuses(P, 'get').sort()).toEqual(['200', '400', '401', '403', '404', '503']);
  });

  it('answers any role that may see the store', async () => {
    const { get } = setup();
    for (const user of ['admin', 'fraud', 'manager']) {
      const r = await get('S001', user);
      expect(r.status, user).toBe(200);
      expect(r.body).toEqual(answer('S001'));
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    expect((await get('S002', 'admin')).status).toBe(200);
  });

  it('refuses a store manager another store before reading anything of it, known or not', async () => {
    const { get, asked } = setup();
    expect(await get('S002', 'manager')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await get('S404', 'manager')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(asked).toEqual([]);
  });

  it('answers 404 for a store the master data does not know', async () => {
    const { get } = setup();
    expect(await get('S404', 'admin')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    // A store manager's own store that is not in the master data (yet).
    expect(await get('S009', 'manager')).toMatchObject({ status: 404 });
  });

  it('answers 400 naming the field: a bad store id, or any query parameter', async () => {
    const { get, asked } = setup();
    expect(await get('S 001', 'admin')).toMatchObject({ status: 400, body: { error: 'invalid_request', field: 'storeId' } });
    expect(await get('S'.repeat(33), 'admin')).toMatchObject({ status: 400, body: { field: 'storeId' } });
    expect(await get("S001' OR '1'='1", 'admin')).toMatchObject({ status: 400, body: { field: 'storeId' } });
    expect(await get('S001', 'admin', '?date=2026-11-20')).toMatchObject({ status: 400, body: { field: 'date' } });
    expect(await get('S001', 'admin', '?storeId=S002')).toMatchObject({ status: 400, body: { field: 'storeId' } });
    expect(asked).toEqual([]);
  });

  it('answers 401 without a session, before anything else', async () => {
    const { get } = setup();
    expect(await get('S 001')).toMatchObject({ status: 401 });
  });

  it('answers 503 with Retry-After when Redis or ClickHouse does not answer', async () => {
    const { get } = setup({ fail: true });
    const r = await get('S001', 'manager');
    expect(r).toMatchObject({ status: 503, body: { error: 'unavailable', retryAfterSeconds: 5 } });
    expect(r.headers.get('retry-after')).toBe('5');
  });
});
