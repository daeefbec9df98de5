import { CODES, LIVE_APPLY_DAYS, minuteOfUtcDay } from '../../lib/live/live-counts';
import type { SourceFreshness } from '../../lib/live/live-delta';
import type { MinuteCounts } from '../../lib/live/minute-counts';
import { redisKeys } from '../../lib/redis-keys';
import { DAY_MS, MINUTE_MS, localDay } from '../../lib/time/local-time';
import type { Check } from '../harness/checked-apply';
import type { TimedEvent } from '../harness/checked-batch';
import { LINE_TYPES, lineEventOf, resolveLines, type LineEvent, type ResolvedLines } from '../sink/receipt-lines';
import { placeOf, type Place, type StoreInfo } from './place-keys';
import { seenOnce } from '../harness/seen-bitmaps';
import { applySeqs, gapMember, type SourceLine } from './source-gaps';
import { WriteSet, add } from '../harness/write-set';

/** An event of the batch not applied before, with its instant (checked-batch.ts). */
export type NewEvent = TimedEvent;

/** What the planner needs besides the events, read before planning (`read-state.ts`). */
export interface PlanState {
  now: number;
  /** Timezone of locations that are not stores (the warehouse, unknown web locations). */
  hqTimezone: string;
  store: (id: string) => StoreInfo | undefined;
  category: (sku: string) => string;
  /** Line events of receipts closing in this batch that earlier batches stored. */
  openLines: Map<string, LineEvent[]>;
  /** Lines of receipts post-voided in this batch, as their close stored them. */
  closedLines: Map<string, ResolvedLines | null>;
  /** Locations of web orders paid or cancelled in this batch, from earlier batches. */
  orderLocations: Map<string, string | null>;
  /** Each source of the batch: its line as read, the raw `max` field (checked unchanged), and the store whose till events it carries ('' if none yet). */
  sources: Map<string, { line: SourceLine; rawMax: string; lastOccurredAt: number; tillStore: string }>;
}

export interface BatchPlan {
  checks: Check[];
  writes: WriteSet;
  /** scope → minutes (epoch ms) whose counts changed. */
  dirtyMinutes: Map<string, Set<number>>;
  /** Sources whose line moved, with their store. */
  freshness: SourceFreshness[];
  /** SKU master data seen in the batch. */
  skus: Map<string, string>;
}

const OPEN_RECEIPT_TTL_S = 2 * 86_400;
const CLOSED_LINES_TTL_S = 8 * 86_400;
const ORDER_TTL_S = 35 * 86_400;
const TOP_TTL_MS = 2 * DAY_MS;

/**
 * Plans the Redis writes of a batch's new events (docs/kpis.md: every count at the minute
 * the event occurred, in the scopes of its location; top SKUs and categories per local
 * day; each source's highest seq, last event and gaps), with the checks that make the
 * plan valid: every seen bit still 0, every source's `max` unchanged.
 */
export function planBatch(events: NewEvent[], st: PlanState): BatchPlan {
  const ws = new WriteSet();
  const checks: Check[] = [];
  const dirtyMinutes = new Map<string, Set<number>>();
  const batchLines = new Map<string, LineEvent[]>();
  const closedNow = new Map<string, ResolvedLines>();
  const orderLoc = new Map<string, string>();
  const skus = new Map<string, string>();
  const seqsBySource = new Map<string, { seqs: number[]; tillStore: string; maxSeq: number; maxMs: number; shiftSeq: number; shift: '' | 'open' | 'closed' }>();
  const oldest = st.now - LIVE_APPLY_DAYS * DAY_MS;
  const places = new Map<string, Place>();
  const counted = new Set<Place>();
  const timezonesAdded = new Set<string>();

  const placeAt = (locationId: string) => {
    let p = places.get(locationId);
    if (!p) places.set(locationId, (p = placeOf(locationId, st.store(locationId), st.hqTimezone)));
    return p;
  };

  /** Records, at a place's first count in the batch, the timezone its scopes are kept in. */
  const addTimezones = (p: Place) => {
    counted.add(p);
    for (const scope of p.scopes) {
      const tzKey = `${scope}\u0000${p.timezone}`;
      if (timezonesAdded.has(tzKey)) continue;
      timezonesAdded.add(tzKey);
      ws.push({ op: 'sadd', key: redisKeys.aggTimezones(scope), member: p.timezone });
    }
  };

  const count = (locationId: string, ms: number, counts: Partial<MinuteCounts>) => {
    if (ms < oldest) return;
    const p = placeAt(locationId);
    if (!counted.has(p)) addTimezones(p);
    const minute = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
    const minutes = p.minutes(Math.floor(ms / DAY_MS));
    const days = p.day(localDay(ms, p.timezone));
    const mod = minuteOfUtcDay(ms);
    const added = Object.entries(counts) as [keyof MinuteCounts, number][];
    p.scopes.forEach((scope, i) => {
      const mk = minutes.keys[i]!;
      const dk = days.keys[i]!;
      const minuteFields = ws.hash(mk);
      const dayFields = ws.hash(dk);
      for (const [field, by] of added) {
        add(minuteFields, `${mod}:${CODES[field]}`, by);
        add(dayFields, CODES[field], by);
      }
      ws.expireAt(mk, minutes.expiry);
      ws.expireAt(dk, days.expiry);
      let d = dirtyMinutes.get(scope);
      if (!d) dirtyMinutes.set(scope, (d = new Set()));
      d.add(minute);
    });
  };

  /** Net units and value per SKU and category, on the local day the event occurred. */
  const top = (locationId: string, ms: number, lines: ResolvedLines, sign: 1 | -1, withValue: boolean) => {
    if (ms < st.now - TOP_TTL_MS || lines.skus.length === 0) return;
    const p = placeAt(locationId);
    const keys = p.top(localDay(ms, p.timezone));
    const cats = lines.skus.map((sku) => st.category(sku));
    const expiry = Math.ceil((ms + TOP_TTL_MS + DAY_MS) / 1000);
    const addAll = (key: string, members: string[], amounts: number[]) => {
      const z = ws.zset(key);
      members.forEach((m, i) => add(z, m, sign * amounts[i]!));
      ws.expireAt(key, expiry);
    };
    for (const k of keys) {
      addAll(k['sku-units'], lines.skus, lines.qtys);
      addAll(k['cat-units'], cats, lines.qtys);
      if (withValue) {
        addAll(k['sku-value'], lines.skus, lines.values);
        addAll(k['cat-value'], cats, lines.values);
      }
    }
  };

  // Every seen bit still 0 before, and 1 after.
  const once = seenOnce(events.map((e) => e.row), redisKeys.aggSeenChunk);
  checks.push(...once.checks);
  for (const w of once.writes) ws.push(w);

  for (const { row: r, ms } of events) {
    let s = seqsBySource.get(r.source);
    if (!s) seqsBySource.set(r.source, (s = { seqs: [], tillStore: '', maxSeq: 0, maxMs: 0, shiftSeq: 0, shift: '' }));
    s.seqs.push(r.seq);
    if (r.till_id && r.store_id) s.tillStore = r.store_id;
    if (r.seq > s.maxSeq) {
      s.maxSeq = r.seq;
      s.maxMs = ms;
    }
    if ((r.type === 'pos.shift.opened' || r.type === 'pos.shift.closed') && r.seq > s.shiftSeq) {
      s.shiftSeq = r.seq;
      s.shift = r.type === 'pos.shift.opened' ? 'open' : 'closed';
    }

    const rid = r.receipt_id;
    if (LINE_TYPES.has(r.type) && rid) {
      let l = batchLines.get(rid);
      if (!l) batchLines.set(rid, (l = []));
      l.push(lineEventOf(r));
    }
    switch (r.type) {
      case 'pos.item.voided':
        count(r.store_id, ms, { lineVoids: 1 });
        break;
      case 'pos.receipt.closed': {
        count(r.store_id, ms, { gross: r.amount, receipts: 1, items: r.units });
        const lines = resolveLines([...(st.openLines.get(rid) ?? []), ...(batchLines.get(rid) ?? [])]);
        closedNow.set(rid, lines);
        batchLines.delete(rid);
        top(r.store_id, ms, lines, 1, true);
        ws.push({ op: 'del', key: redisKeys.aggOpenReceipt(rid) });
        ws.push({ op: 'set', key: redisKeys.aggClosedLines(rid), value: JSON.stringify(lines), ttlSeconds: CLOSED_LINES_TTL_S });
        break;
      }
      case 'pos.receipt.voided':
        count(r.store_id, ms, { receiptVoids: 1 });
        batchLines.delete(rid);
        ws.push({ op: 'del', key: redisKeys.aggOpenReceipt(rid) });
        break;
      case 'pos.receipt.postvoided': {
        count(r.store_id, ms, { postVoids: r.amount, receipts: -1, items: -r.units, postVoidCount: 1 });
        const lines = closedNow.get(rid) ?? st.closedLines.get(rid);
        if (lines) top(r.store_id, ms, lines, -1, true);
        break;
      }
      case 'pos.refund.issued':
        count(r.store_id, ms, { refunds: r.amount, refundCount: 1 });
        top(r.store_id, ms, { skus: r.line_skus, qtys: r.line_qtys, values: r.line_values }, -1, false);
        break;
      case 'ecom.order.placed':
        orderLoc.set(r.order_id, r.location_id);
        ws.push({ op: 'set', key: redisKeys.aggOrderLocation(r.order_id), value: r.location_id, ttlSeconds: ORDER_TTL_S });
        break;
      case 'ecom.order.paid':
        count(orderLoc.get(r.order_id) ?? st.orderLocations.get(r.order_id) ?? '', ms, { webPaid: r.amount });
        break;
      case 'ecom.order.cancelled':
        count(orderLoc.get(r.order_id) ?? st.orderLocations.get(r.order_id) ?? '', ms, { webRefunded: r.amount });
        break;
      case 'sku.upserted': {
        // The one type whose row carries its payload JSON here (aggregator.ts PAYLOAD_TYPES).
        const payload = JSON.parse(r.payload) as { sku: string };
        skus.set(payload.sku, r.payload);
        ws.push({ op: 'hset', key: redisKeys.skus(), field: payload.sku, value: r.payload });
        break;
      }
    }
  }

  // Receipts still open after the batch keep their line events for their close.
  for (const [rid, lines] of batchLines) {
    const key = redisKeys.aggOpenReceipt(rid);
    ws.push({ op: 'rpush', key, values: lines.map((l) => JSON.stringify(l)) });
    ws.push({ op: 'expire', key, seconds: OPEN_RECEIPT_TTL_S });
  }

  const freshness: SourceFreshness[] = [];
  for (const [source, s] of seqsBySource) {
    const read = st.sources.get(source) ?? { line: { max: 0, gaps: [] }, rawMax: '', lastOccurredAt: 0, tillStore: '' };
    const before = read.line.max;
    checks.push({ op: 'heq', key: redisKeys.aggSource(source), field: 'max', value: read.rawMax });
    const changes = applySeqs(read.line, s.seqs);
    const key = redisKeys.aggSource(source);
    const gapsKey = redisKeys.aggGaps(source);
    for (const g of changes.removed) ws.push({ op: 'zrem', key: gapsKey, member: gapMember(g) });
    for (const g of changes.added) ws.push({ op: 'zadd', key: gapsKey, score: g.first, member: gapMember(g) });
    if (changes.missingDelta !== 0) ws.hincrby(key, 'missing', changes.missingDelta);
    // A till's shift as its newest shift event of the batch left it: the offline alert does not judge the silence of a store whose staffed tills are all closed.
    if (s.shift) ws.push({ op: 'hset', key, field: 'shift', value: s.shift });
    ws.push({ op: 'hset', key, field: 'arrivedAt', value: String(st.now) });
    // A store's freshness is that of its tills' producers only: a source counts for the store whose till events it
    // carries (a till, or an integrator sending them under the store's id), never a central one (web shop,
    // warehouse, HQ) whose events name many stores and would keep a silent store looking alive.
    const tillStore = s.tillStore || read.tillStore;
    if (s.tillStore && s.tillStore !== read.tillStore) {
      ws.push({ op: 'hset', key, field: 'tillStore', value: s.tillStore });
      ws.push({ op: 'hset', key: redisKeys.aggSources(), field: source, value: s.tillStore });
    } else if (!tillStore && !read.rawMax) {
      // A central source, listed once for the operations view.
      ws.push({ op: 'hset', key: redisKeys.aggSources(), field: source, value: '' });
    }
    if (read.line.max !== before) {
      ws.push({ op: 'hset', key, field: 'max', value: String(read.line.max) });
      ws.push({ op: 'hset', key, field: 'lastOccurredAt', value: String(s.maxMs) });
      ws.push({ op: 'hset', key, field: 'lagMs', value: String(Math.max(0, st.now - s.maxMs)) });
    }
    const missing = read.line.gaps.reduce((a, g) => a + g.last - g.first + 1, 0);
    freshness.push({ source, storeId: tillStore, maxSeq: read.line.max, lastOccurredAt: read.line.max !== before ? s.maxMs : read.lastOccurredAt, arrivedAt: st.now, missing });
  }
  return { checks, writes: ws, dirtyMinutes, freshness, skus };
}
