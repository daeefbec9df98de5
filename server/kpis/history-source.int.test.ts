import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { MIGRATIONS_DIR, migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { createHistorySource } from './history-source';
import { emptyCounts, type MinuteCounts, type MinuteSource, type ScopeGroup } from './kpi-types';

/**
 * The history source on hand-written events in real chDB: which locations a group
 * covers, the range's edges, minutes that add up to nothing. The exactness against a
 * simulated day run through the sink is in workers/sink/sink-day.int.test.ts.
 */
let seq = 0;
/** A row of `events` with only what the rollups read (the sink fills the rest). */
function ev(type: string, hms: string, f: { store?: string; location?: string; amount?: number; units?: number } = {}) {
  seq += 1;
  return {
    id: `e${seq}`, type, schema_version: 1, source: `${f.store || 'WEB'}-T01`, seq,
    occurred_at: `2026-11-20 ${hms}`, store_id: f.store ?? '', till_id: '', cashier_id: '', receipt_id: '',
    payload: '{}', location_id: f.location ?? '', amount: f.amount ?? 0, units: f.units ?? 0,
  };
}
const at = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:00Z`);
const counts = (c: Partial<MinuteCounts>): MinuteCounts => ({ ...emptyCounts(), ...c });
const KNOWN = ['S001', 'S002'];
const group = (locations: string[], otherLocations = false): ScopeGroup => ({ level: otherLocations ? 'chain' : 'location', timezone: 'Europe/Madrid', locations, otherLocations, knownStores: KNOWN });

describe('KPI history source on the ClickHouse rollups (real chDB)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let ch: ClickHouseClient;
  let history: MinuteSource;

  beforeAll(async () => {
    const dir = path.join(inject('testDataDir'), 'history-source');
    ch = await createClickHouse({ kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' });
    // History written before migration 0005 reaches its table through the backfill, the rest through its view.
    const before = path.join(dir, 'migrations-before-0005');
    fs.mkdirSync(before, { recursive: true });
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f < '0005')) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(before, f));
    await migrate(ch, log, before);
    const insert = (values: object[]) => ch.insert({ table: 'events', values, format: 'JSONEachRow' });
    await insert([
      ev('pos.receipt.closed', '09:59:59.999', { store: 'S001', amount: 50, units: 1 }),
      ev('pos.receipt.closed', '10:00:10.000', { store: 'S001', amount: 1000, units: 3 }),
      ev('pos.item.voided', '10:00:50.000', { store: 'S001' }),
      ev('pos.refund.issued', '10:01:00.000', { store: 'S001', amount: 200, units: 1 }),
      ev('ecom.order.paid', '10:00:30.000', { location: 'S001', amount: 900 }),
      ev('ecom.order.paid', '10:01:05.000', { location: 'DC01', amount: 400 }),
    ]);
    await migrate(ch, log);
    await insert([
      ev('pos.receipt.postvoided', '10:01:30.000', { store: 'S001', amount: 500, units: 2 }),
      ev('pos.receipt.voided', '10:02:00.000', { store: 'S001' }),
      ev('pos.item.added', '10:05:00.000', { store: 'S001', amount: 0, units: 1 }),
      ev('pos.receipt.closed', '11:00:00.000', { store: 'S001', amount: 100, units: 1 }),
      ev('pos.receipt.closed', '10:00:20.000', { store: 'S002', amount: 700, units: 1 }),
      ev('pos.receipt.closed', '10:00:40.000', { store: 'S003', amount: 300, units: 2 }),
      ev('ecom.order.paid', '10:02:00.000', { location: '', amount: 250 }),
      ev('ecom.order.cancelled', '10:03:00.000', { location: 'DC01', amount: 400 }),
    ]);
    // Cancelled before it was paid: a row of zeros (kept: not merged on insert), a minute that must not appear.
    await ch.insert({ table: 'events', values: [ev('ecom.order.cancelled', '10:04:00.000', { location: 'S002', amount: 0 })], format: 'JSONEachRow', clickhouse_settings: { optimize_on_insert: 0 } });
    // A second part with a key the first one has: read correctly only when summed.
    await insert([ev('pos.receipt.closed', '10:00:55.000', { store: 'S001', amount: 1, units: 1 })]);
    history = createHistorySource(ch);
  });
  afterAll(async () => {
    await ch?.close();
  });

  const S001 = [
    [at('10:00'), counts({ gross: 1001, receipts: 2, items: 4, lineVoids: 1, webPaid: 900 })],
    [at('10:01'), counts({ refunds: 200, refundCount: 1, postVoids: 500, postVoidCount: 1, receipts: -1, items: -2 })],
    [at('10:02'), counts({ receiptVoids: 1 })],
  ] as const;

  it('gives a store its till, activity and web counts per minute of [from, to), and no empty minute', async () => {
    expect(history.name).toBe('history');
    expect([...(await history.perMinute(group(['S001']), at('10:00'), at('11:00')))]).toEqual(S001);
    const wider = await history.perMinute(group(['S001']), at('09:59'), at('11:01'));
    expect([...wider.keys()]).toEqual([at('09:59'), ...S001.map(([m]) => m), at('11:00')]);
    expect([...(await history.perMinute(group(['S001']), at('10:01'), at('10:02')))]).toEqual([S001[1]]);
    expect((await history.perMinute(group(['S001']), at('10:02'), at('10:02'))).size).toBe(0);
    expect([...(await history.perMinute(group(['S002']), at('10:00'), at('11:00')))]).toEqual([[at('10:00'), counts({ gross: 700, receipts: 1, items: 1 })]]);
  });

  it('answers a warehouse, the unknown location \'\' and a hostile id at level location', async () => {
    expect([...(await history.perMinute(group(['DC01']), at('10:00'), at('11:00')))]).toEqual([
      [at('10:01'), counts({ webPaid: 400 })],
      [at('10:03'), counts({ webRefunded: 400 })],
    ]);
    expect([...(await history.perMinute(group(['']), at('10:00'), at('11:00')))]).toEqual([[at('10:02'), counts({ webPaid: 250 })]]);
    expect((await history.perMinute(group(["S001' OR '1'='1"]), at('09:00'), at('12:00'))).size).toBe(0);
  });

  it('adds the listed stores, and with otherLocations every location that is not a known store', async () => {
    const stores = [
      [at('10:00'), counts({ gross: 1701, receipts: 3, items: 5, lineVoids: 1, webPaid: 900 })],
      [at('10:01'), S001[1][1]],
      [at('10:02'), S001[2][1]],
    ];
    expect([...(await history.perMinute({ ...group(KNOWN), level: 'region', region: 'Iberia' }, at('10:00'), at('11:00')))]).toEqual(stores);
    expect([...(await history.perMinute(group(KNOWN, true), at('10:00'), at('11:00')))]).toEqual([
      [at('10:00'), counts({ gross: 2001, receipts: 4, items: 7, lineVoids: 1, webPaid: 900 })],
      [at('10:01'), counts({ ...S001[1][1], webPaid: 400 })],
      [at('10:02'), counts({ receiptVoids: 1, webPaid: 250 })],
      [at('10:03'), counts({ webRefunded: 400 })],
    ]);
    expect([...(await history.perMinute({ ...group([], true), knownStores: [...KNOWN, 'S003'] }, at('10:00'), at('11:00')))]).toEqual([
      [at('10:01'), counts({ webPaid: 400 })],
      [at('10:02'), counts({ webPaid: 250 })],
      [at('10:03'), counts({ webRefunded: 400 })],
    ]);
    expect((await history.perMinute(group([]), at('10:00'), at('11:00'))).size).toBe(0);
  });
});
