import { describe, expect, it } from 'vitest';
import { TRUTH_METRICS } from '../../lib/loss/exception-metrics';
import { redisKeys } from '../../lib/redis-keys';
import { EXCEPTION_KINDS } from '../../simulator/truth/ground-truth';
import type { Check, Write } from '../harness/checked-apply';
import type { TimedEvent } from '../harness/checked-batch';
import { toEventRow } from '../sink/event-row';
import { fieldKey, PAYLOAD_TYPES, planExceptions, receiptKey, tillField, type ExceptionState, type ReceiptFact } from './plan-exceptions';

/**
 * The planner over hand-written events and state: where each event counts (store, till,
 * cashier; local day; shift), the state it reads and leaves, and the checks that keep a
 * plan valid. The worker runs on real Redis in exceptions-day.int.test.ts.
 */
const TZ = 'Europe/Madrid';
let seq = 0;
const T0 = Date.parse('2026-11-21T09:00:00Z');
function event(type: string, payload: Record<string, unknown>, o: { receiptId?: string; cashierId?: string | null; at?: number; tillId?: string } = {}): TimedEvent {
  seq += 1;
  const tillId = o.tillId ?? 'S001-T01';
  const json = JSON.stringify({
    id: `e${seq}`,
    type,
    schemaVersion: 1,
    source: tillId,
    seq,
    occurredAt: new Date(o.at ?? T0 + seq * 1000).toISOString(),
    storeId: 'S001',
    tillId,
    ...(o.cashierId === null ? {} : { cashierId: o.cashierId ?? 'C1' }),
    ...(o.receiptId ? { receiptId: o.receiptId } : {}),
    payload,
  });
  const r = toEventRow(json, 0, String(seq), { payloadTypes: PAYLOAD_TYPES });
  if (!r.ok) throw new Error(r.reason);
  return { row: r.row, ms: r.ms };
}

const state = (o: Partial<ExceptionState> = {}): ExceptionState => ({
  now: T0 + 3_600_000,
  timezone: () => TZ,
  tills: new Map(),
  openReceipts: new Map(),
  fields: new Map(),
  ...o,
});

/** The plan's increments of one hash, as an object (fields whose sum is 0 left out). */
function increments(writes: Write[], key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of writes) if (w.op === 'hincrby' && w.key === key) for (const [f, v] of w.fields) if (v !== 0) out[f] = (out[f] ?? 0) + v;
  return out;
}
const hsets = (writes: Write[], key: string) => Object.fromEntries(writes.filter((w): w is Extract<Write, { op: 'hset' }> => w.op === 'hset' && w.key === key).map((w) => [w.field, w.value]));
const heqs = (checks: Check[]) => checks.filter((c): c is Extract<Check, { op: 'heq' }> => c.op === 'heq').map((c) => `${c.key}#${c.field}=${c.value}`);

const DAY = '2026-11-21';

describe('planExceptions', () => {
  it('counts a shift’s events for the store, the till, the cashier and the shift, the Z report after its close too', () => {
    const events = [
      event('pos.shift.opened', { shiftId: 'SH1', openingFloat: 15000 }),
      event('pos.receipt.opened', {}, { receiptId: 'R1' }),
      event('pos.item.added', { lineId: 1, sku: 'A', qty: 2, unitPrice: 300, entry: 'scanned' }, { receiptId: 'R1' }),
      event('pos.item.added', { lineId: 2, sku: 'B', qty: 1, unitPrice: 999, entry: 'keyed' }, { receiptId: 'R1' }),
      event('pos.price.overridden', { lineId: 1, oldPrice: 300, newPrice: 200, reason: 'x' }, { receiptId: 'R1' }),
      event('pos.item.voided', { lineId: 2 }, { receiptId: 'R1' }),
      event('pos.discount.applied', { kind: 'employee', amount: 40 }, { receiptId: 'R1' }),
      event('pos.payment.captured', { method: 'cash', amount: 360 }, { receiptId: 'R1' }),
      event('pos.receipt.closed', { total: 360, items: 2, lines: 1 }, { receiptId: 'R1' }),
      event('pos.drawer.opened', { reason: 'no_sale' }),
      event('pos.shift.closed', { shiftId: 'SH1', receipts: 1, takings: 360 }),
      event('pos.report.z', { expectedCash: 15360, countedCash: 15000 }),
      event('pos.drawer.opened', { reason: 'no_sale' }),
    ];
    const plan = planExceptions(events, state({ tills: new Map([[tillField('S001-T01', 'S001-T01'), '']]) }));
    const writes = plan.writes.toWrites();
    const day = increments(writes, redisKeys.excDay('S001', DAY));
    const want = { rc: 1, it: 2, sa: 360, ln: 2, kl: 1, po: 1, poa: 200, lv: 1, lva: 999, ed: 1, eda: 40, ns: 2, cs: 1, csa: 360 };
    for (const [code, n] of Object.entries(want)) {
      expect(day[`s|${code}`], code).toBe(n);
      expect(day[`t|S001-T01|${code}`], code).toBe(n);
      expect(day[`c|C1|${code}`], code).toBe(n);
    }
    const shifts = increments(writes, redisKeys.excCashierDay('C1', DAY));
    // Everything in SH1 but the no-sale opening after its Z report.
    expect(shifts['S001|S001-T01|SH1|ns']).toBe(1);
    expect(shifts['S001|S001-T01||ns']).toBe(1);
    expect(shifts['S001|S001-T01|SH1|csa']).toBe(360);
    expect(shifts['S001|S001-T01|SH1|lva']).toBe(999);
    // The till's last shift event is kept; the receipt closed, so nothing of it stays open.
    expect(JSON.parse(hsets(writes, redisKeys.excTills())[tillField('S001-T01', 'S001-T01')]!)).toMatchObject({ shiftId: 'SH1', open: false });
    expect(writes.some((w) => w.op === 'rpush')).toBe(false);
    expect(writes).toContainEqual({ op: 'del', key: redisKeys.excOpenReceipt('S001', 'R1') });
    expect(hsets(writes, redisKeys.excTenders('S001', DAY)).R1).toMatch(/^\d+\|cash$/);
    expect(heqs(plan.checks)).toContain(`${redisKeys.excTills()}#${tillField('S001-T01', 'S001-T01')}=`);
    expect(plan.checks[0]).toMatchObject({ op: 'bits0', key: redisKeys.excSeenChunk('S001-T01', 0) });
  });

  it('values a void and an override from the line events earlier batches stored, and stores what stays open', () => {
    const stored: ReceiptFact[] = [{ type: 'pos.item.added', source: 'S001-T01', seq: 1, occurred_at: '2026-11-21 08:00:00.000', line_id: 1, units: 4, unit_price: 250 }];
    const events = [
      event('pos.price.overridden', { lineId: 1, oldPrice: 250, newPrice: 100, reason: 'x' }, { receiptId: 'R2' }),
      event('pos.item.voided', { lineId: 1 }, { receiptId: 'R2' }),
      event('pos.item.added', { lineId: 2, sku: 'B', qty: 1, unitPrice: 50, entry: 'scanned' }, { receiptId: 'R2' }),
    ];
    const st = state({ openReceipts: new Map([[receiptKey('S001', 'R2'), stored]]), tills: new Map([[tillField('S001-T01', 'S001-T01'), JSON.stringify({ shiftId: 'SH9', open: true, ms: T0, seq: 0 })]]) });
    const writes = planExceptions(events, st).writes.toWrites();
    const day = increments(writes, redisKeys.excDay('S001', DAY));
    expect(day['c|C1|poa']).toBe(600);
    expect(day['c|C1|lva']).toBe(400);
    expect(increments(writes, redisKeys.excCashierDay('C1', DAY))['S001|S001-T01|SH9|lv']).toBe(1);
    const push = writes.find((w): w is Extract<Write, { op: 'rpush' }> => w.op === 'rpush')!;
    expect(push.key).toBe(redisKeys.excOpenReceipt('S001', 'R2'));
    expect(push.values.map((v) => (JSON.parse(v) as ReceiptFact).type)).toEqual(['pos.price.overridden', 'pos.item.voided', 'pos.item.added']);
    // The till's shift did not move: nothing written for it.
    expect(hsets(writes, redisKeys.excTills())).toEqual({});
  });

  it('counts a refund to another tender at once when its receipt’s close is known, on the refund’s day and cashier', () => {
    const refund = event('pos.refund.issued', { amount: 700, withReceipt: true, originalReceiptId: 'R3', method: 'cash', lines: [{ sku: 'A', qty: 1 }] }, { receiptId: 'F1', cashierId: 'C2' });
    const tenderKey = redisKeys.excTenders('S001', '2026-11-20');
    const st = state({ fields: new Map([[fieldKey(tenderKey, 'R3'), `${T0 - 86_400_000}|card`]]) });
    const writes = planExceptions([refund], st).writes.toWrites();
    expect(increments(writes, redisKeys.excDay('S001', DAY))).toMatchObject({ 'c|C2|rw': 1, 'c|C2|rwa': 700, 'c|C2|rt': 1, 'c|C2|rta': 700, 's|rt': 1 });
    // Paid the same way: not another tender.
    const same = event('pos.refund.issued', { amount: 700, withReceipt: true, originalReceiptId: 'R3', method: 'card', lines: [{ sku: 'A', qty: 1 }] }, { receiptId: 'F2' });
    expect(increments(planExceptions([same], st).writes.toWrites(), redisKeys.excDay('S001', DAY))['s|rt']).toBeUndefined();
  });

  it('keeps a refund whose receipt is not closed yet waiting, and counts it when the close comes (another partition, later)', () => {
    const refund = event('pos.refund.issued', { amount: 500, withReceipt: true, originalReceiptId: 'R4', method: 'gift', lines: [{ sku: 'A', qty: 1 }] }, { receiptId: 'F3', cashierId: 'C3' });
    const first = planExceptions([refund], state());
    const writes = first.writes.toWrites();
    expect(increments(writes, redisKeys.excDay('S001', DAY))['s|rt']).toBeUndefined();
    const pendingKey = redisKeys.excPendingRefunds('S001', DAY);
    const waiting = hsets(writes, pendingKey).R4!;
    expect(JSON.parse(waiting)).toEqual([expect.objectContaining({ storeId: 'S001', cashierId: 'C3', day: DAY, amount: 500, method: 'gift' })]);
    // It relied on the receipt's tender being absent on each day a close could be kept, and on the waiting list as read.
    const checks = heqs(first.checks);
    expect(checks).toContain(`${redisKeys.excTenders('S001', DAY)}#R4=`);
    expect(checks).toContain(`${redisKeys.excTenders('S001', '2026-11-13')}#R4=`);
    expect(checks).toContain(`${pendingKey}#R4=`);

    // The receipt closes (its till's partition was behind), paid by card, on another till.
    const st = state({
      fields: new Map([[fieldKey(pendingKey, 'R4'), waiting]]),
      openReceipts: new Map([[receiptKey('S001', 'R4'), [{ type: 'pos.payment.captured', source: 'S001-T02', seq: 1, occurred_at: '', line_id: 0, units: 0, unit_price: 0, method: 'card' }]]]),
    });
    const close = event('pos.receipt.closed', { total: 500, items: 1, lines: 1 }, { receiptId: 'R4', tillId: 'S001-T02', cashierId: 'C9', at: T0 - 3_600_000 });
    const second = planExceptions([close], st);
    const w2 = second.writes.toWrites();
    const day = increments(w2, redisKeys.excDay('S001', DAY));
    expect(day).toMatchObject({ 'c|C3|rt': 1, 'c|C3|rta': 500, 't|S001-T01|rt': 1, 'c|C9|rc': 1 });
    expect(day['c|C9|rt']).toBeUndefined();
    expect(hsets(w2, pendingKey).R4).toBe('');
    expect(heqs(second.checks)).toContain(`${pendingKey}#R4=${waiting}`);
  });

  it('counts an event without a cashier for its till and store only, and leaves out events too old to keep live', () => {
    const assist = event('pos.sco.assist.requested', { reason: 'age_check', receiptId: 'R5' }, { cashierId: null, tillId: 'S001-SCO1' });
    const old = event('pos.item.voided', { lineId: 1 }, { receiptId: 'R6', at: T0 - 20 * 86_400_000 });
    const writes = planExceptions([assist, old], state()).writes.toWrites();
    expect(increments(writes, redisKeys.excDay('S001', DAY))).toEqual({ 's|sc': 1, 't|S001-SCO1|sc': 1 });
    expect(writes.filter((w) => w.op === 'hincrby').map((w) => w.key)).toEqual([redisKeys.excDay('S001', DAY)]);
  });

  it('the truth’s exception kinds are metrics of the same names', () => {
    expect([...TRUTH_METRICS].sort()).toEqual([...EXCEPTION_KINDS, 'cashShortageAmount'].sort());
  });
});
