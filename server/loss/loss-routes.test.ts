import { describe, expect, it } from 'vitest';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { CashierExceptionsAnswer, ExceptionsAnswer } from '../../lib/loss/exception-answers';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { openApiDocument } from '../openapi/api';
import type { CashierRow, ExceptionSource, GroupRow, StoreDays } from './exception-rows';
import { createExceptionsService, periodOf, sourceFor } from './exceptions-service';
import { createLossRoutes } from './loss-routes';

/**
 * The routes over the real service and stand-in sources: who may ask, which source answers
 * which period, how rows become groups, rates and averages, and every answer against the
 * OpenAPI document. The sources run on real Redis and ClickHouse in test/loss-exceptions.int.test.ts.
 */
const EXC = '/api/v1/loss/exceptions';
const CASHIER = '/api/v1/loss/cashiers/{cashierId}/exceptions';
const check = openApiChecker(openApiDocument('test'));
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  fraud: { userId: 'u2', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
  merch: { userId: 'u3', username: 'merch', role: 'merchandiser', stores: 'all' },
  manager: { userId: 'u4', username: 'manager', role: 'store_manager', stores: ['S001'] },
};
// 2026-11-21 10:00 UTC: 10:00 in Lisbon, 11:00 in Madrid.
const NOW = Date.parse('2026-11-21T10:00:00Z');
const store = (storeId: string, region: string, timezone: string, tills: string[]): StoreInfo => ({ storeId, name: storeId, region, timezone, currency: 'EUR', tills });
const STORES = new Map([
  ['S001', store('S001', 'Portugal', 'Europe/Lisbon', ['S001-T01', 'S001-T02'])],
  ['S002', store('S002', 'Spain North', 'Europe/Madrid', ['S002-T01'])],
]);

function source(name: 'live' | 'history', o: { fail?: boolean } = {}) {
  const asked: string[] = [];
  const s: ExceptionSource = {
    name,
    storeRows: async (stores: StoreDays[]) => {
      if (o.fail) throw new Error('ECONNREFUSED');
      asked.push(...stores.map((x) => `${x.storeId}:${x.fromDay}..${x.toDay}`));
      const rows: GroupRow[] = [];
      for (const x of stores) {
        if (x.storeId !== 'S001') continue;
        rows.push({ level: 'store', storeId: 'S001', id: '', metrics: { receipts: 200, items: 1000, sales: 500_000, lineVoids: 6, lineVoidAmount: 1200, scoAssists: 3 } });
        rows.push({ level: 'till', storeId: 'S001', id: 'S001-T01', metrics: { receipts: 150, items: 600, sales: 360_000, lineVoids: 6, lineVoidAmount: 1200 } });
        rows.push({ level: 'till', storeId: 'S001', id: 'S001-SCO1', metrics: { receipts: 50, items: 400, sales: 140_000, scoAssists: 3 } });
        rows.push({ level: 'cashier', storeId: 'S001', id: 'C1', metrics: { receipts: 100, items: 500, sales: 200_000, lineVoids: 5, lineVoidAmount: 1000 } });
        rows.push({ level: 'cashier', storeId: 'S001', id: 'C2', metrics: { receipts: 50, items: 100, sales: 160_000, lineVoids: 1, lineVoidAmount: 200 } });
        // A second day of C1: summed.
        rows.push({ level: 'cashier', storeId: 'S001', id: 'C1', metrics: { receipts: 0, noSaleOpens: 2 } });
      }
      return rows;
    },
    cashierRows: async (cashierId: string, fromDay: string, toDay: string) => {
      if (o.fail) throw new Error('ECONNREFUSED');
      asked.push(`${cashierId}:${fromDay}..${toDay}`);
      const rows: CashierRow[] = [
        { storeId: 'S001', tillId: 'S001-T01', shiftId: 'SH1', day: fromDay, metrics: { receipts: 40, items: 100, sales: 20_000, lineVoids: 2 } },
        { storeId: 'S001', tillId: 'S001-T01', shiftId: '', day: fromDay, metrics: { noSaleOpens: 1 } },
        { storeId: 'S001', tillId: 'S001-T02', shiftId: 'SH2', day: fromDay, metrics: { receipts: 10, items: 20, sales: 4_000, cashShortages: 1, cashShortageAmount: 500 } },
        { storeId: 'S001', tillId: 'S001-T01', shiftId: 'SH0', day: '2000-01-01', metrics: { receipts: 99 } },
      ];
      return rows;
    },
  };
  return { s, asked };
}

function setup(o: { fail?: boolean; now?: number } = {}) {
  const live = source('live', o);
  const history = source('history', o);
  const service = createExceptionsService({ live: live.s, history: history.s, stores: async () => STORES, hqTimezone: 'Europe/Madrid', now: () => o.now ?? NOW });
  const routes = createLossRoutes({ service, requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(), log: createLogger({ level: 'silent', pretty: false }) });
  const call = async <T = Record<string, unknown>>(path: string, query: string, user?: string, cashierId = 'C1') => {
    const url = `http://127.0.0.1:3000${path.replace('{cashierId}', encodeURIComponent(cashierId))}${query}`;
    const req = new Request(url, { headers: user ? { 'x-user': user } : {} });
    const res = path === EXC ? await routes.exceptions(req) : await routes.cashierExceptions(req, cashierId);
    const body = (await res.json()) as T;
    expect(check.checkBody(path, 'get', res.status, body), `${res.status} ${JSON.stringify(body)}`).toBeNull();
    return { status: res.status, body };
  };
  return { call, live: live.asked, history: history.asked };
}

describe('the period and the source', () => {
  it('today is the store’s own local day; a range is inclusive and at most 93 days', () => {
    expect(periodOf({}, 'Pacific/Kiritimati', NOW)).toEqual({ label: 'today', fromDay: '2026-11-22', toDay: '2026-11-22' });
    expect(periodOf({ from: '2026-11-01', to: '2026-11-03' }, 'Europe/Madrid', NOW)).toEqual({ label: 'range', fromDay: '2026-11-01', toDay: '2026-11-03' });
    expect(() => periodOf({ from: '2026-11-01' }, 'Europe/Madrid', NOW)).toThrow(/together/);
    expect(() => periodOf({ from: '2026-11-03', to: '2026-11-01' }, 'Europe/Madrid', NOW)).toThrow(/before/);
    expect(periodOf({ from: '2026-01-01', to: '2026-04-03' }, 'Europe/Madrid', NOW).toDay).toBe('2026-04-03');
    expect(() => periodOf({ from: '2026-01-01', to: '2026-04-04' }, 'Europe/Madrid', NOW)).toThrow(/93/);
  });
  it('live for periods that start within the last 9 days, history before; forced live too early is refused', () => {
    expect(sourceFor('auto', '2026-11-13', 'Europe/Madrid', NOW)).toBe('live');
    expect(sourceFor('auto', '2026-11-11', 'Europe/Madrid', NOW)).toBe('history');
    expect(sourceFor('history', '2026-11-21', 'Europe/Madrid', NOW)).toBe('history');
    expect(() => sourceFor('live', '2026-11-01', 'Europe/Madrid', NOW)).toThrow(/last 9 days/);
  });
});

describe('GET /api/v1/loss/exceptions', () => {
  it('documents every answer', () => {
    expect(check.statuses(EXC, 'get').sort()).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(check.statuses(CASHIER, 'get').sort()).toEqual(['200', '400', '401', '403', '503']);
  });

  it('answers per cashier with counts, amounts, rates per 100 receipts and the average item value against the store’s', async () => {
    const { call, live, history } = setup();
    const r = await call<ExceptionsAnswer>(EXC, '?groupBy=cashier', 'fraud');
    expect(r.status).toBe(200);
    expect(live).toEqual(['S001:2026-11-21..2026-11-21', 'S002:2026-11-21..2026-11-21']);
    expect(history).toEqual([]);
    expect(r.body).toMatchObject({ groupBy: 'cashier', scope: { level: 'chain', stores: ['S001', 'S002'] }, period: { label: 'today', from: '2026-11-21', to: '2026-11-21' }, source: 'live', currency: 'EUR' });
    expect(r.body.groups.map((g) => [g.storeId, g.cashierId, g.tillId])).toEqual([
      ['S001', 'C1', null],
      ['S001', 'C2', null],
    ]);
    const [c1, c2] = r.body.groups;
    expect(c1!.metrics).toMatchObject({ receipts: 100, lineVoids: 5, lineVoidAmount: 1000, noSaleOpens: 2, refundsOtherTender: 0 });
    expect(c1!.rates).toMatchObject({ lineVoids: 5, noSaleOpens: 2, receiptVoids: 0 });
    expect(c1!.avgItemValue).toBe(400);
    expect(c1!.avgItemValueVsStore).toBe(0.8);
    expect(c2!.avgItemValue).toBe(1600);
    expect(c2!.avgItemValueVsStore).toBe(3.2);
    expect(r.body.total.metrics).toMatchObject({ receipts: 200, lineVoids: 6, scoAssists: 3 });
    expect(r.body.total.rates.lineVoids).toBe(3);
  });

  it('per till lists the master data’s tills too, and per store every store of the scope', async () => {
    const { call } = setup();
    const tills = (await call<ExceptionsAnswer>(EXC, '?groupBy=till&storeId=S001', 'admin')).body;
    expect(tills.groups.map((g) => g.tillId)).toEqual(['S001-SCO1', 'S001-T01', 'S001-T02']);
    expect(tills.groups[2]!.metrics.receipts).toBe(0);
    expect(tills.groups[2]!.rates.lineVoids).toBeNull();
    const stores = (await call<ExceptionsAnswer>(EXC, '?groupBy=store&region=Spain%20North', 'admin')).body;
    expect(stores.scope).toEqual({ level: 'region', storeId: null, region: 'Spain North', stores: ['S002'] });
    expect(stores.groups.map((g) => [g.storeId, g.metrics.receipts, g.avgItemValueVsStore])).toEqual([['S002', 0, null]]);
  });

  it('reads history for older periods and live for recent ones, or the one forced', async () => {
    const old = setup();
    expect((await old.call<ExceptionsAnswer>(EXC, '?from=2026-10-01&to=2026-10-31', 'admin')).body.source).toBe('history');
    expect(old.history).toEqual(['S001:2026-10-01..2026-10-31', 'S002:2026-10-01..2026-10-31']);
    const forced = setup();
    expect((await forced.call<ExceptionsAnswer>(EXC, '?source=history', 'admin')).body.source).toBe('history');
    expect(forced.live).toEqual([]);
  });

  it('refuses store managers and merchandisers before reading anything, whatever the parameters', async () => {
    const { call, live, history } = setup();
    for (const user of ['manager', 'merch']) {
      expect(await call(EXC, '?groupBy=store&storeId=S001', user)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect(await call(EXC, '?groupBy=nonsense', user)).toMatchObject({ status: 403 });
      expect(await call(CASHIER, '', user)).toMatchObject({ status: 403 });
    }
    expect(await call(EXC, '')).toMatchObject({ status: 401 });
    expect([...live, ...history]).toEqual([]);
  });

  it('answers 400 naming the parameter, 404 for an unknown store or region, 503 when a source fails', async () => {
    const { call } = setup();
    expect(await call(EXC, '?groupBy=shift', 'fraud')).toMatchObject({ status: 400, body: { field: 'groupBy' } });
    expect(await call(EXC, '?from=2026-11-01', 'fraud')).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(await call(EXC, '?from=2026-11-21&to=2026-11-20', 'fraud')).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(await call(EXC, '?from=21.11.2026&to=2026-11-21', 'fraud')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await call(EXC, '?cashier=C1', 'fraud')).toMatchObject({ status: 400, body: { field: 'cashier' } });
    expect(await call(EXC, '?storeId=S001&storeId=S002', 'fraud')).toMatchObject({ status: 400, body: { field: 'storeId' } });
    expect(await call(EXC, '?from=2026-10-01&to=2026-10-02&source=live', 'fraud')).toMatchObject({ status: 400, body: { field: 'source' } });
    expect(await call(EXC, '?storeId=S001&region=Spain%20North', 'fraud')).toMatchObject({ status: 400, body: { field: 'storeId' } });
    expect(await call(EXC, '?storeId=S404', 'fraud')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await call(EXC, '?region=Atlantis', 'fraud')).toMatchObject({ status: 404 });
    expect(await setup({ fail: true }).call(EXC, '', 'fraud')).toMatchObject({ status: 503, body: { error: 'unavailable' } });
  });
});

describe('GET /api/v1/loss/cashiers/{cashierId}/exceptions', () => {
  it('buckets per day (stores apart) or per shift (tills and shifts apart), with the total, within the period', async () => {
    const { call, live } = setup();
    const byDay = await call<CashierExceptionsAnswer>(CASHIER, '', 'fraud');
    expect(live).toEqual(['C1:2026-11-21..2026-11-21']);
    expect(byDay.body).toMatchObject({ cashierId: 'C1', bucket: 'day', period: { label: 'today', from: '2026-11-21', to: '2026-11-21' }, source: 'live' });
    expect(byDay.body.buckets.map((b) => [b.day, b.storeId, b.tillId, b.shiftId, b.metrics.receipts])).toEqual([['2026-11-21', 'S001', null, null, 50]]);
    expect(byDay.body.total.metrics).toMatchObject({ receipts: 50, lineVoids: 2, noSaleOpens: 1, cashShortageAmount: 500 });
    const byShift = await call<CashierExceptionsAnswer>(CASHIER, '?bucket=shift', 'admin');
    expect(byShift.body.buckets.map((b) => [b.tillId, b.shiftId, b.metrics.receipts, b.rates.lineVoids])).toEqual([
      ['S001-T01', null, 0, null],
      ['S001-T01', 'SH1', 40, 5],
      ['S001-T02', 'SH2', 10, 0],
    ]);
    expect(byShift.body.total).toEqual(byDay.body.total);
  });

  it('takes today as the day of the cashier’s store, not of HQ: at 00:30 in Madrid (HQ) it is still yesterday in Lisbon', async () => {
    const { call, live } = setup({ now: Date.parse('2026-11-21T23:30:00Z') });
    const res = await call<CashierExceptionsAnswer>(CASHIER, '', 'fraud');
    // Both days are read; C1's rows at S001 (Lisbon) count on Lisbon's day only.
    expect(live).toEqual(['C1:2026-11-21..2026-11-22']);
    expect(res.body).toMatchObject({ period: { label: 'today', from: '2026-11-21', to: '2026-11-22' } });
    expect(res.body.buckets.map((b) => [b.day, b.storeId, b.metrics.receipts])).toEqual([['2026-11-21', 'S001', 50]]);
  });

  it('answers 400 for a bad cashier id or parameter', async () => {
    const { call } = setup();
    expect(await call(CASHIER, '', 'fraud', 'C 1')).toMatchObject({ status: 400, body: { field: 'cashierId' } });
    expect(await call(CASHIER, '', 'fraud', 'C'.repeat(33))).toMatchObject({ status: 400, body: { field: 'cashierId' } });
    expect(await call(CASHIER, '?bucket=week', 'fraud')).toMatchObject({ status: 400, body: { field: 'bucket' } });
  });
});
