import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createLogger } from '../lib/log';
import type { CashierReceiptRow, CashierReceiptsAnswer, ReceiptFlag, ReceiptJournalAnswer } from '../lib/loss/journal-answers';
import { localDay } from '../lib/time/local-time';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { csvField } from '../server/loss/cashier-receipts-csv';
import { createJournalRoutes, type JournalRoutes } from '../server/loss/journal-routes';
import { createJournalService } from '../server/loss/journal-service';
import { openApiDocument } from '../server/openapi/api';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { feedWorker } from '../workers/harness/testing/feed-worker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedAll } from '../workers/sink/testing/sink-fixture';
import { createValidator } from '../workers/validator/validator';
import { openApiChecker } from './openapi-checker';

/**
 * Issue 8, deliverable 5 (the API under the drill-down pages): a simulated day of a small chain
 * with planted dishonest cashiers, through the real validator and history sink into an embedded
 * ClickHouse, then asked through the real route handlers with real sessions (Redis database 11).
 * A receipt's journal equals the simulated events of that receipt (and the refunds naming it);
 * every cashier's receipts and the exceptions each carries equal a count made here from the
 * simulated events; CSV rows equal JSON rows; a store manager and a merchandiser get 403.
 */
const DB = 11;
const DAY = 86_400_000;
const HQ_TZ = 'Europe/Madrid';
// Yesterday (UTC): in the past for the validator's clock.
const START = Math.floor(Date.now() / DAY) * DAY - DAY;
const END = START + DAY;
const NOW = END + 3_600_000;

type Ev = {
  id: string;
  type: string;
  source: string;
  seq: number;
  occurredAt: string;
  storeId?: string;
  tillId?: string;
  cashierId?: string;
  receiptId?: string;
  payload: Record<string, unknown>;
};

describe('loss prevention drill-down: receipt journals and a cashier’s receipts (real ClickHouse)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const check = openApiChecker(openApiDocument('0.0.0-test'));
  let redis: Redis;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let routes: JournalRoutes;
  let events: Ev[];
  let timezones: Map<string, string>;
  const cookies: Record<string, string> = {};

  async function call(route: keyof JournalRoutes, id: string, docPath: string, query = '', user = 'fraud', headers: Record<string, string> = {}): Promise<Response> {
    return routes[route](new Request(`http://tillstream.test${docPath.replace(/\{[^}]+\}/, encodeURIComponent(id))}${query}`, { headers: { cookie: cookies[user]!, ...headers } }), id);
  }
  async function json<T>(route: keyof JournalRoutes, id: string, docPath: string, query = '', user = 'fraud'): Promise<{ status: number; body: T }> {
    const res = await call(route, id, docPath, query, user);
    const body = (await res.json()) as T;
    expect(check.checkBody(docPath, 'get', res.status, body), `${docPath} ${res.status} ${JSON.stringify(body).slice(0, 400)}`).toBeNull();
    return { status: res.status, body };
  }
  const RECEIPT = '/api/v1/loss/receipts/{receiptId}';
  const RECEIPTS = '/api/v1/loss/cashiers/{cashierId}/receipts';

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    const sim = await runInMemory(smallRun({ start: START, liveFrom: START, end: END, stores: 2, tills: 3, skus: 200, dishonest: 2, faults: { duplicates: 0.01, malformed: 0, offline: [] } }));
    const seen = new Set<string>();
    events = sim.deliveries.map((d) => JSON.parse(d.json) as Ev).filter((e) => !seen.has(`${e.source}#${e.seq}`) && !!seen.add(`${e.source}#${e.seq}`));
    const rnd = seededRandom(7);
    const size = () => 1 + Math.floor(rnd() * 2000);
    const validator = createValidator({ redis, log, now: () => NOW });
    const ofTopic = (topic: string) => sim.deliveries.filter((d) => d.topic === topic);
    const validated = (await feedWorker(validator.masterData, [ofTopic('hq.masterdata').map((d) => Buffer.from(d.json))], size, 'hq.masterdata')).out;
    for (const topic of ['hq.promotions', 'warehouse.events', 'ecom.events', 'pos.events']) {
      for (const b of (await feedWorker(validator.events, partitionByKey(ofTopic(topic), 6), size, topic)).out) validated.push(b);
    }
    const asInput = (bs: Buffer[]) => bs.map((b) => ({ source: (JSON.parse(b.toString()) as Ev).source, json: b.toString() }));
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'loss-journal'), database: 'default' });
    await migrate(ch, log);
    await feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `loss-journal-${process.pid}` }), partitionByKey(asInput(validated), 8), size);

    auth = createAuthService({ redis, sessionSecret: 'loss-journal-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    for (const u of ['admin', 'fraud', 'manager', 'merch']) cookies[u] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(u))!)}`;
    const stores = createStoreDirectory(redis);
    timezones = new Map([...(await stores()).values()].map((s) => [s.storeId, s.timezone]));
    routes = createJournalRoutes({ service: createJournalService({ ch, stores, hqTimezone: HQ_TZ, now: () => NOW }), requirePrincipal: auth.http.requirePrincipal, log });
  }, 600_000);

  afterAll(async () => {
    auth?.close();
    redis?.disconnect();
    await ch?.close();
  });

  const key = (e: { storeId?: string; receiptId?: string }) => `${e.storeId}/${e.receiptId}`;
  const order = (a: Ev, b: Ev) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || a.seq - b.seq;
  /** The simulated events of a receipt: those carrying its id, and the refunds naming it. */
  const eventsOf = (storeId: string, receiptId: string) =>
    events.filter((e) => e.storeId === storeId && (e.receiptId === receiptId || (e.type === 'pos.refund.issued' && e.payload.originalReceiptId === receiptId))).sort(order);

  it('a receipt’s journal is exactly the simulated events of that receipt, in order, with its summary', async () => {
    const byType = (t: string) => events.find((e) => e.type === t && e.receiptId)!;
    const postVoid = byType('pos.receipt.postvoided');
    const override = events.find((e) => e.type === 'pos.price.overridden' && e.payload.supervisorId)!;
    const refund = events.find((e) => e.type === 'pos.refund.issued' && e.payload.originalReceiptId)!;
    const samples = [
      postVoid,
      override,
      byType('pos.item.voided'),
      byType('pos.receipt.voided'),
      { storeId: refund.storeId, receiptId: refund.payload.originalReceiptId as string },
      refund,
      ...events.filter((e) => e.type === 'pos.receipt.closed').filter((_, i) => i % 997 === 0),
    ];
    expect(samples.length).toBeGreaterThan(6);
    for (const s of samples) {
      const { status, body } = await json<ReceiptJournalAnswer>('receiptJournal', s.receiptId!, RECEIPT);
      expect(status, s.receiptId).toBe(200);
      const expected = eventsOf(s.storeId!, s.receiptId!);
      const own = body.events.filter((e) => e.relation !== 'till');
      expect(own.map((e) => [e.id, e.type, e.source, e.seq, e.occurredAt, e.tillId, e.cashierId, e.payload]), s.receiptId).toEqual(
        expected.map((e) => [e.id, e.type, e.source, e.seq, e.occurredAt, e.tillId, e.cashierId ?? '', e.payload]),
      );
      // Till events shown are of its till and carry no receipt id.
      for (const e of body.events.filter((x) => x.relation === 'till')) {
        expect(e.receiptId).toBe('');
        expect(body.summary.tills).toContain(e.tillId);
      }
      const close = expected.find((e) => e.type === 'pos.receipt.closed');
      if (close) {
        expect(body.summary.total).toBe(close.payload.total);
        expect(body.summary.computedTotal, s.receiptId).toBe(close.payload.total);
        expect(body.summary.payments.reduce((a, p) => a + p.amount, 0)).toBe(close.payload.total);
        expect(body.summary.lines.filter((l) => !l.voided).length).toBe(close.payload.lines);
      }
    }
    // The post-void's supervisor and the one who authorised it at the till are approvals.
    const pv = (await json<ReceiptJournalAnswer>('receiptJournal', postVoid.receiptId!, RECEIPT)).body;
    expect(pv.summary.status).toBe('postvoided');
    expect(pv.summary.postVoid?.supervisorId).toBe(postVoid.payload.supervisorId);
    expect(pv.events.some((e) => e.type === 'pos.cashier.elevated' && e.relation === 'till' && e.approval)).toBe(true);
    const ov = (await json<ReceiptJournalAnswer>('receiptJournal', override.receiptId!, RECEIPT)).body;
    expect(ov.summary.approvals.map((a) => a.supervisorId)).toContain(override.payload.supervisorId);
    const rf = (await json<ReceiptJournalAnswer>('receiptJournal', refund.payload.originalReceiptId as string, RECEIPT)).body;
    expect(rf.summary.refundedBy.map((r) => r.eventId)).toContain(refund.id);
  });

  it('404 for an unknown receipt, 400 for a bad id', async () => {
    expect((await json('receiptJournal', 'NO-SUCH-RECEIPT', RECEIPT)).status).toBe(404);
    expect((await json('receiptJournal', 'bad id!', RECEIPT)).status).toBe(400);
  });

  /** Every cashier's receipts on the simulated day with their exceptions, counted here from the events. */
  function referenceReceipts(cashierId: string, day: string, tz: (store: string) => string): Map<string, { flags: Partial<Record<ReceiptFlag, number>>; total: number | null; lineCount: number }> {
    const mine = new Set(
      events.filter((e) => e.cashierId === cashierId && e.receiptId && localDay(Date.parse(e.occurredAt), tz(e.storeId!)) === day).map(key),
    );
    const out = new Map<string, { flags: Partial<Record<ReceiptFlag, number>>; total: number | null; lineCount: number }>();
    for (const k of mine) out.set(k, { flags: {}, total: null, lineCount: 0 });
    const bump = (k: string, f: ReceiptFlag) => {
      const r = out.get(k);
      if (r) r.flags[f] = (r.flags[f] ?? 0) + 1;
    };
    for (const e of events) {
      const k = key(e);
      const r = out.get(k);
      const p = e.payload;
      if (e.type === 'pos.refund.issued' && p.originalReceiptId) bump(`${e.storeId}/${p.originalReceiptId as string}`, 'refunded');
      if (!r) continue;
      if (e.type === 'pos.item.added') {
        r.lineCount += 1;
        if (p.entry === 'keyed') bump(k, 'keyedLines');
      }
      if (e.type === 'pos.item.voided') bump(k, 'lineVoids');
      if (e.type === 'pos.price.overridden') bump(k, 'priceOverrides');
      if (e.type === 'pos.discount.applied' && p.kind === 'employee') bump(k, 'employeeDiscounts');
      if (e.type === 'pos.discount.applied' && p.kind === 'manual') bump(k, 'manualDiscounts');
      if (e.type === 'pos.receipt.voided') bump(k, 'voided');
      if (e.type === 'pos.receipt.postvoided') bump(k, 'postVoided');
      if (e.type === 'pos.refund.issued' && p.withReceipt === false) bump(k, 'refundWithoutReceipt');
      if (typeof p.supervisorId === 'string') bump(k, 'approvals');
      if (e.type === 'pos.receipt.closed') r.total = p.total as number;
      if (e.type === 'pos.refund.issued' && e.receiptId === k.split('/')[1]) r.total = -(p.amount as number);
    }
    return out;
  }

  it('each cashier’s receipts and their exception flags equal an independent count; exceptionsOnly keeps those with one', async () => {
    const cashiers = [...new Set(events.filter((e) => e.cashierId && e.receiptId).map((e) => e.cashierId!))].sort();
    expect(cashiers.length).toBeGreaterThan(4);
    let withExceptions = 0;
    for (const c of cashiers) {
      const store = events.find((e) => e.cashierId === c)!.storeId!;
      const tz = (s: string) => timezones.get(s) ?? HQ_TZ;
      const day = localDay(START + DAY / 2, tz(store));
      const { status, body } = await json<CashierReceiptsAnswer>('cashierReceipts', c, RECEIPTS, `?storeId=${store}&from=${day}&to=${day}&limit=10000`);
      expect(status, c).toBe(200);
      expect(body.nextCursor).toBeNull();
      const ref = referenceReceipts(c, day, tz);
      expect(new Set(body.receipts.map(key)), c).toEqual(new Set(ref.keys()));
      for (const r of body.receipts) {
        const x = ref.get(key(r))!;
        expect(r.exceptions, `${c} ${r.receiptId}`).toEqual(x.flags);
        expect(r.lineCount).toBe(x.lineCount);
        if (r.status === 'closed' || r.status === 'postvoided' || r.status === 'refund') expect(r.total, r.receiptId).toBe(x.total);
      }
      // Newest first.
      const starts = body.receipts.map((r) => r.startedAt);
      expect(starts).toEqual([...starts].sort().reverse());
      // Exceptions only: exactly those with a flag other than approvals.
      const only = (await json<CashierReceiptsAnswer>('cashierReceipts', c, RECEIPTS, `?storeId=${store}&from=${day}&to=${day}&limit=10000&exceptionsOnly=true`)).body;
      const flagged = (r: CashierReceiptRow) => Object.keys(r.exceptions).some((f) => f !== 'approvals');
      expect(only.receipts.map(key)).toEqual(body.receipts.filter(flagged).map(key));
      withExceptions += only.receipts.length;
    }
    expect(withExceptions).toBeGreaterThan(0);
  });

  it('pages by keyset without repeating or skipping a receipt; CSV rows equal JSON rows', async () => {
    const c = events.find((e) => e.type === 'pos.receipt.closed')!;
    const day = localDay(START + DAY / 2, timezones.get(c.storeId!) ?? HQ_TZ);
    const q = `?storeId=${c.storeId}&from=${day}&to=${day}`;
    const all = (await json<CashierReceiptsAnswer>('cashierReceipts', c.cashierId!, RECEIPTS, `${q}&limit=10000`)).body;
    expect(all.receipts.length).toBeGreaterThan(20);
    const paged: CashierReceiptRow[] = [];
    let cursor: string | null = null;
    do {
      const page: CashierReceiptsAnswer = (await json<CashierReceiptsAnswer>('cashierReceipts', c.cashierId!, RECEIPTS, `${q}&limit=7${cursor ? `&cursor=${cursor}` : ''}`)).body;
      paged.push(...page.receipts);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.receipts);

    const res = await call('cashierReceipts', c.cashierId!, RECEIPTS, `${q}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="receipts-.+\.csv"$/);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    const header = lines.shift()!.split(',');
    expect(header.slice(0, 8)).toEqual(['storeId', 'receiptId', 'tillId', 'status', 'startedAt', 'endedAt', 'total', 'currency']);
    expect(lines.length).toBe(all.receipts.length);
    all.receipts.forEach((r, i) => {
      const want = [r.storeId, r.receiptId, r.tillId, r.status, r.startedAt, r.endedAt ?? '', r.total === null ? '' : (r.total / 100).toFixed(2), all.currency ?? ''];
      expect(lines[i]!.split(',').slice(0, 8)).toEqual(want.map((v) => csvField(v)));
      const flags = lines[i]!.split(',').slice(10).map(Number);
      expect(flags).toEqual(header.slice(10).map((f) => r.exceptions[f as ReceiptFlag] ?? 0));
    });
    // Accept: text/csv gives the same.
    const viaAccept = await call('cashierReceipts', c.cashierId!, RECEIPTS, q, 'fraud', { accept: 'text/csv' });
    expect(await viaAccept.text()).toBe(text);
  });

  it('403 for a store manager and a merchandiser on both routes, before anything is read; 401 without a session', async () => {
    for (const u of ['manager', 'merch']) {
      expect((await json('receiptJournal', 'S001-T01-000001', RECEIPT, '', u)).status, u).toBe(403);
      expect((await json('cashierReceipts', 'C0001', RECEIPTS, '?from=nonsense', u)).status, u).toBe(403);
    }
    expect((await json('receiptJournal', 'S001-T01-000001', RECEIPT, '', 'admin')).status).not.toBe(403);
    const res = await routes.receiptJournal(new Request('http://tillstream.test/api/v1/loss/receipts/x'), 'x');
    expect(res.status).toBe(401);
  });

  it('400 names the parameter', async () => {
    const r = await json<{ field: string }>('cashierReceipts', 'C0001', RECEIPTS, '?exceptionsOnly=yes');
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('exceptionsOnly');
    expect((await json<{ field: string }>('cashierReceipts', 'C0001', RECEIPTS, '?cursor=abc')).body.field).toBe('cursor');
  });
});
