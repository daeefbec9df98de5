import { LIVE_APPLY_DAYS, LIVE_RETENTION_DAYS } from '../../lib/live/live-counts';
import {
  codeOf,
  isOtherTender,
  lineAt,
  metricIncrements,
  nextTillShift,
  shiftOf,
  TENDER_WINDOW_MS,
  type ExceptionMetrics,
  type LineFact,
  type MetricName,
  type OriginalTender,
  type TillShift,
} from '../../lib/loss/exception-metrics';
import { redisKeys } from '../../lib/redis-keys';
import { addDays, DAY_MS, localDay, startOfLocalDay } from '../../lib/time/local-time';
import type { Check } from '../harness/checked-apply';
import type { TimedEvent } from '../harness/checked-batch';
import { seenOnce } from '../harness/seen-bitmaps';
import { add, WriteSet } from '../harness/write-set';

/**
 * Plans the Redis writes of a batch's new events for the loss-prevention exception metrics
 * (lib/loss/exception-metrics.ts; docs/kpis.md "Loss prevention: exceptions"): per store-local
 * day, the store's, each till's and each cashier's counts and amounts (`excDay`), and each
 * cashier's per shift (`excCashierDay`). Pure: `readExceptions` reads what it needs first.
 *
 * State the metrics need, bounded and expiring:
 * - each till's last shift event (`excTills`, one field per till): the shift of what follows;
 * - each open receipt's line and payment events (`excOpenReceipt`, until its close or void,
 *   2 days at most): the value of a voided line, the qty of an overridden one, the methods
 *   the receipt is paid with;
 * - each closed receipt's payment methods (`excTenders`, per store and local day of the close,
 *   18 days) for refunds of it to another tender; a refund whose original receipt is not
 *   known yet (its till is another partition, maybe behind) waits in `excPendingRefunds`
 *   and is counted, on the refund's day, when that receipt closes. Both sides check the
 *   fields they read, so a refund and its receipt's close applied at the same time by two
 *   consumers are counted once, whichever wins.
 */

/** A line or payment event of an open receipt, as `excOpenReceipt` keeps it. */
export interface ReceiptFact extends LineFact {
  /** pos.payment.captured only. */
  method?: string;
}

/** Where an event counts: its store, till and cashier ('' when none) on a local day, in a shift ('' for none). */
interface Bucket {
  storeId: string;
  tillId: string;
  cashierId: string;
  day: string;
  shiftId: string;
}

/** A refund with its receipt waiting for that receipt's close, with where it counts. */
export interface PendingRefund extends Bucket {
  ms: number;
  amount: number;
  method: string;
}

/** What the plan needs besides the events, read before planning (`read-exceptions.ts`). */
export interface ExceptionState {
  now: number;
  /** A store's timezone (master data). */
  timezone: (storeId: string) => string;
  /** `excTills` field of each till of the batch → its raw value ('' when absent). */
  tills: Map<string, string>;
  /** Receipt key (`receiptKey`) → the facts earlier batches stored for it. */
  openReceipts: Map<string, ReceiptFact[]>;
  /** `fieldKey(key, field)` → raw hash field value ('' when absent): tenders and pending refunds. */
  fields: Map<string, string>;
}

export interface ExceptionPlan {
  checks: Check[];
  writes: WriteSet;
}

/** The types whose payload the planner reads (the rest: the row's typed columns suffice). */
export const PAYLOAD_TYPES: ReadonlySet<string> = new Set([
  'pos.shift.opened',
  'pos.shift.closed',
  'pos.item.added',
  'pos.price.overridden',
  'pos.payment.captured',
  'pos.discount.applied',
  'pos.refund.issued',
  'pos.drawer.opened',
  'pos.report.z',
]);

const FACT_TYPES: ReadonlySet<string> = new Set(['pos.item.added', 'pos.item.voided', 'pos.item.quantity.changed', 'pos.price.overridden', 'pos.payment.captured']);
const OPEN_RECEIPT_TTL_S = 2 * 86_400;
/**
 * Tender and pending-refund hashes live this long after their day starts: a refund up to 7 days
 * after its sale is still counted live when it is applied up to 9.5 days after it occurred
 * (LIVE_APPLY_DAYS), and a day of slack.
 */
const TENDER_KEEP_MS = 18 * DAY_MS;
/** Local days a refund looks back for its original's close, and a close forward for refunds waiting for it. */
export const TENDER_LOOKBACK_DAYS = Math.ceil(TENDER_WINDOW_MS / DAY_MS) + 1;

export const tillField = (source: string, tillId: string) => `${source}|${tillId}`;
export const receiptKey = (storeId: string, receiptId: string) => `${storeId}|${receiptId}`;
export const fieldKey = (key: string, field: string) => `${key}\u0000${field}`;

/** `<closedMs>|<methods>` ↔ OriginalTender. */
export const tenderValue = (t: OriginalTender) => `${t.closedMs}|${t.methods.join(',')}`;
export function parseTender(raw: string): OriginalTender | null {
  if (!raw) return null;
  const bar = raw.indexOf('|');
  const methods = raw.slice(bar + 1);
  return { closedMs: Number(raw.slice(0, bar)), methods: methods ? methods.split(',') : [] };
}
const parsePending = (raw: string): PendingRefund[] => (raw ? (JSON.parse(raw) as PendingRefund[]) : []);
const parseTill = (raw: string | undefined): TillShift | undefined => (raw ? (JSON.parse(raw) as TillShift) : undefined);

type Payload = Record<string, unknown>;
const payloadOf = (raw: string): Payload => (raw ? (JSON.parse(raw) as Payload) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The refund's original receipt, when it names one (withReceipt and originalReceiptId). */
function originalOf(type: string, p: Payload): string {
  return type === 'pos.refund.issued' && p.withReceipt === true ? str(p.originalReceiptId) : '';
}

/** What `readExceptions` must read for these events: till fields, open receipts, and hash fields by key. */
export function readsOf(events: TimedEvent[], timezone: (storeId: string) => string) {
  const tills = new Set<string>();
  const receipts = new Map<string, { storeId: string; receiptId: string }>();
  const fields = new Map<string, Set<string>>();
  const want = (key: string, field: string) => {
    let s = fields.get(key);
    if (!s) fields.set(key, (s = new Set()));
    s.add(field);
  };
  for (const { row: r, ms } of events) {
    if (r.till_id) tills.add(tillField(r.source, r.till_id));
    const needsLines = r.type === 'pos.item.voided' || r.type === 'pos.price.overridden' || r.type === 'pos.receipt.closed';
    if (needsLines && r.receipt_id) receipts.set(receiptKey(r.store_id, r.receipt_id), { storeId: r.store_id, receiptId: r.receipt_id });
    if (r.type === 'pos.receipt.closed' && r.receipt_id) {
      const day = localDay(ms, timezone(r.store_id));
      for (let d = 0; d <= TENDER_LOOKBACK_DAYS; d++) want(redisKeys.excPendingRefunds(r.store_id, addDays(day, d)), r.receipt_id);
    }
    if (r.type === 'pos.refund.issued') {
      const original = originalOf(r.type, payloadOf(r.payload));
      if (!original) continue;
      const day = localDay(ms, timezone(r.store_id));
      for (let d = 0; d <= TENDER_LOOKBACK_DAYS; d++) want(redisKeys.excTenders(r.store_id, addDays(day, -d)), original);
      want(redisKeys.excPendingRefunds(r.store_id, day), original);
    }
  }
  return { tills: [...tills], receipts: [...receipts.values()], fields: new Map([...fields].map(([k, s]) => [k, [...s]])) };
}

export function planExceptions(events: TimedEvent[], st: ExceptionState): ExceptionPlan {
  const ws = new WriteSet();
  const checks: Check[] = [];
  const checked = new Set<string>();
  const check = (key: string, field: string, value: string) => {
    const k = fieldKey(key, field);
    if (checked.has(k)) return;
    checked.add(k);
    checks.push({ op: 'heq', key, field, value });
  };
  const oldest = st.now - LIVE_APPLY_DAYS * DAY_MS;
  const dayStart = new Map<string, number>();
  const startOf = (storeId: string, day: string) => {
    const k = `${storeId}|${day}`;
    let s = dayStart.get(k);
    if (s === undefined) dayStart.set(k, (s = startOfLocalDay(day, st.timezone(storeId))));
    return s;
  };
  const retention = (LIVE_RETENTION_DAYS + 1) * DAY_MS;

  /** Adds increments to where a bucket counts (events too old to be kept live count only in history). */
  const count = (b: Bucket, ms: number, inc: Partial<ExceptionMetrics>) => {
    if (ms < oldest) return;
    const entries = (Object.entries(inc) as [MetricName, number][]).filter(([, v]) => v !== 0);
    if (entries.length === 0) return;
    const expiry = Math.ceil((startOf(b.storeId, b.day) + retention) / 1000);
    const dayKey = redisKeys.excDay(b.storeId, b.day);
    const day = ws.hash(dayKey);
    ws.expireAt(dayKey, expiry);
    const cashierKey = b.cashierId ? redisKeys.excCashierDay(b.cashierId, b.day) : '';
    const cashier = cashierKey ? ws.hash(cashierKey) : undefined;
    if (cashierKey) ws.expireAt(cashierKey, expiry);
    for (const [name, v] of entries) {
      const code = codeOf(name);
      add(day, `s|${code}`, v);
      if (b.tillId) add(day, `t|${b.tillId}|${code}`, v);
      if (cashier) {
        add(day, `c|${b.cashierId}|${code}`, v);
        add(cashier, `${b.storeId}|${b.tillId}|${b.shiftId}|${code}`, v);
      }
    }
  };

  // Every seen bit still 0 before, and 1 after.
  const once = seenOnce(events.map((e) => e.row), redisKeys.excSeenChunk);
  checks.push(...once.checks);
  for (const w of once.writes) ws.push(w);

  // Tills: every field read is checked unchanged; those whose shift moved are written.
  const tills = new Map<string, TillShift | undefined>();
  const movedTills = new Set<string>();
  for (const [field, raw] of st.tills) {
    check(redisKeys.excTills(), field, raw);
    tills.set(field, parseTill(raw));
  }

  // Open receipts: the facts stored before, and those of this batch still to store.
  const receipts = new Map<string, { storeId: string; receiptId: string; stored: ReceiptFact[]; added: ReceiptFact[] }>();
  const receiptOf = (storeId: string, receiptId: string) => {
    const k = receiptKey(storeId, receiptId);
    let r = receipts.get(k);
    if (!r) receipts.set(k, (r = { storeId, receiptId, stored: st.openReceipts.get(k) ?? [], added: [] }));
    return r;
  };

  // Tenders of receipts closed in this batch; pending refunds as this batch leaves them.
  const closedNow = new Map<string, OriginalTender>();
  const pending = new Map<string, { key: string; field: string; list: PendingRefund[]; dirty: boolean }>();
  const pendingAt = (key: string, field: string) => {
    const k = fieldKey(key, field);
    let p = pending.get(k);
    if (!p) {
      const raw = st.fields.get(k) ?? '';
      check(key, field, raw);
      pending.set(k, (p = { key, field, list: parsePending(raw), dirty: false }));
    }
    return p;
  };
  const countOtherTender = (r: PendingRefund, original: OriginalTender) => {
    if (isOtherTender(r, original)) count(r, r.ms, { refundsOtherTender: 1, refundOtherTenderAmount: r.amount });
  };

  for (const { row: r, ms } of events) {
    const storeId = r.store_id;
    const day = localDay(ms, st.timezone(storeId));
    const p = PAYLOAD_TYPES.has(r.type) ? payloadOf(r.payload) : {};

    let shiftId = '';
    if (r.till_id) {
      const field = tillField(r.source, r.till_id);
      const last = tills.get(field);
      const next = nextTillShift(last, { type: r.type, seq: r.seq, ms, shiftId: str(p.shiftId) });
      if (next !== last) {
        tills.set(field, next);
        movedTills.add(field);
      }
      shiftId = shiftOf(next, r.type, ms);
    }
    const bucket: Bucket = { storeId, tillId: r.till_id, cashierId: r.cashier_id, day, shiftId };
    const ev = { type: r.type, amount: r.amount, units: r.units, payload: p };

    if (FACT_TYPES.has(r.type) && r.receipt_id) {
      const receipt = receiptOf(storeId, r.receipt_id);
      const fact: ReceiptFact = { type: r.type, source: r.source, seq: r.seq, occurred_at: r.occurred_at, line_id: r.line_id, units: r.units, unit_price: r.unit_price };
      if (r.type === 'pos.payment.captured') fact.method = str(p.method);
      const line = r.type === 'pos.item.voided' || r.type === 'pos.price.overridden' ? lineAt([...receipt.stored, ...receipt.added], r.line_id) : null;
      count(bucket, ms, metricIncrements(ev, line));
      receipt.added.push(fact);
      continue;
    }

    switch (r.type) {
      case 'pos.receipt.closed': {
        count(bucket, ms, metricIncrements(ev));
        if (!r.receipt_id) break;
        const receipt = receiptOf(storeId, r.receipt_id);
        const methods = [...new Set([...receipt.stored, ...receipt.added].filter((f) => f.type === 'pos.payment.captured').map((f) => f.method ?? ''))].sort();
        receipts.delete(receiptKey(storeId, r.receipt_id));
        ws.push({ op: 'del', key: redisKeys.excOpenReceipt(storeId, r.receipt_id) });
        const tender: OriginalTender = { closedMs: ms, methods };
        closedNow.set(receiptKey(storeId, r.receipt_id), tender);
        const tenderKey = redisKeys.excTenders(storeId, day);
        ws.push({ op: 'hset', key: tenderKey, field: r.receipt_id, value: tenderValue(tender) });
        ws.expireAt(tenderKey, Math.ceil((startOf(storeId, day) + TENDER_KEEP_MS) / 1000));
        // Refunds of this receipt that arrived before it: counted now, on their own day.
        for (let d = 0; d <= TENDER_LOOKBACK_DAYS; d++) {
          const waiting = pendingAt(redisKeys.excPendingRefunds(storeId, addDays(day, d)), r.receipt_id);
          if (waiting.list.length === 0) continue;
          for (const refund of waiting.list) countOtherTender(refund, tender);
          waiting.list = [];
          waiting.dirty = true;
        }
        break;
      }
      case 'pos.receipt.voided':
        count(bucket, ms, metricIncrements(ev));
        if (!r.receipt_id) break;
        receipts.delete(receiptKey(storeId, r.receipt_id));
        ws.push({ op: 'del', key: redisKeys.excOpenReceipt(storeId, r.receipt_id) });
        break;
      case 'pos.refund.issued': {
        count(bucket, ms, metricIncrements(ev));
        const original = originalOf(r.type, p);
        if (!original) break;
        const refund: PendingRefund = { ...bucket, ms, amount: r.amount, method: str(p.method) };
        let known = closedNow.get(receiptKey(storeId, original)) ?? null;
        const tenderKeys = Array.from({ length: TENDER_LOOKBACK_DAYS + 1 }, (_, d) => redisKeys.excTenders(storeId, addDays(day, -d)));
        for (const key of tenderKeys) known ??= parseTender(st.fields.get(fieldKey(key, original)) ?? '');
        if (known) {
          countOtherTender(refund, known);
          break;
        }
        // Not closed as far as this worker knows: wait for it. The close must not slip in unseen.
        for (const key of tenderKeys) check(key, original, '');
        const waiting = pendingAt(redisKeys.excPendingRefunds(storeId, day), original);
        waiting.list.push(refund);
        waiting.dirty = true;
        break;
      }
      default:
        count(bucket, ms, metricIncrements(ev));
    }
  }

  for (const field of movedTills) {
    const t = tills.get(field);
    if (t) ws.push({ op: 'hset', key: redisKeys.excTills(), field, value: JSON.stringify(t) });
  }
  for (const w of pending.values()) {
    if (!w.dirty) continue;
    ws.push({ op: 'hset', key: w.key, field: w.field, value: w.list.length ? JSON.stringify(w.list) : '' });
    // The key's day (its last part) in any timezone starts within a day of its UTC midnight.
    const day = w.key.slice(w.key.lastIndexOf(':') + 1);
    ws.expireAt(w.key, Math.ceil((Date.parse(`${day}T00:00:00Z`) + TENDER_KEEP_MS + DAY_MS) / 1000));
  }
  // Receipts still open after the batch keep their new facts for their close.
  for (const r of receipts.values()) {
    if (r.added.length === 0) continue;
    const key = redisKeys.excOpenReceipt(r.storeId, r.receiptId);
    ws.push({ op: 'rpush', key, values: r.added.map((f) => JSON.stringify(f)) });
    ws.push({ op: 'expire', key, seconds: OPEN_RECEIPT_TTL_S });
  }
  return { checks, writes: ws };
}
