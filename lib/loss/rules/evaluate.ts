import { metricIncrements, per100Receipts } from '../exception-metrics';
import type { EventMatcher, ReceiptCountRule, RefundUnsoldSkuRule, Rule, SequenceRule, ThresholdRule } from './rule-schema';

/**
 * The one evaluator of loss-prevention rules (rule-schema.ts): pure and deterministic, so that
 * the live worker (events.validated, state in Redis between batches) and a backtest over
 * ClickHouse history (the same events in the same order: per till by seq) make the same hits.
 *
 * `evaluate(rule, state, event)` takes the state of the event's key for that rule
 * (`stateKeyOf`: a till, a cashier, a receipt, a store's day, a cashier's day) and returns
 * the key's next state and the hits the event makes. States are plain JSON (the worker keeps
 * them in Redis) and bounded: at most MAX_HELD recent events per key, pruned by the window.
 */

/** What the evaluator reads of an event; built from a row of `events` (the worker's and history's are the same). */
export interface RuleEvent {
  id: string;
  type: string;
  source: string;
  seq: number;
  /** ISO 8601 UTC, as on the envelope. */
  occurredAt: string;
  /** occurredAt in epoch ms. */
  ms: number;
  /** The store-local day of occurredAt (store timezone). */
  day: string;
  storeId: string;
  tillId: string;
  cashierId: string;
  receiptId: string;
  lineId: number;
  sku: string;
  amount: number;
  units: number;
  payload: Record<string, unknown>;
  /** A refund's SKUs (its payload lines). */
  lineSkus: string[];
  /** Where the event was read from, when known (events.validated). */
  kafka?: KafkaPosition;
}

export interface KafkaPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** One event of a hit's evidence. */
export interface EvidenceEvent {
  id: string;
  source: string;
  seq: number;
  type: string;
  occurredAt: string;
  storeId: string;
  tillId: string;
  cashierId: string;
  receiptId: string;
  lineId: number;
  kafka?: KafkaPosition;
}

export interface RuleHit {
  /** Deterministic: the rule, its version and the event that made the hit. */
  id: string;
  ruleId: string;
  ruleVersion: number;
  ruleName: string;
  ruleKind: Rule['kind'];
  severity: Rule['severity'];
  /** Where it happened: the store, and the till, cashier and receipt of the event that made it ('' when none). */
  subject: { storeId: string; tillId: string; cashierId: string; receiptId: string };
  /** When the event that made it occurred (ISO and epoch ms), and its store-local day. */
  occurredAt: string;
  ms: number;
  day: string;
  /** The events, in the order they happened, the last one making the hit. */
  evidence: EvidenceEvent[];
  /** What else the rule found (the unsold SKUs, the rate and its receipts). */
  detail: Record<string, unknown>;
}

/** Recent events a key keeps (a sequence's candidates, a threshold's evidence). */
export const MAX_HELD = 32;
/** A threshold hit shows at most this many of the events behind the rate. */
export const MAX_THRESHOLD_EVIDENCE = 10;
/** A store's day remembers at most this many SKUs sold (beyond: a refund is not judged). */
export const MAX_SOLD_SKUS = 50_000;

interface Held extends EvidenceEvent {
  ms: number;
  /** The steps of the rule it matches. */
  steps: number[];
}

export type KeyState =
  | { k: 'seq'; maxMs: number; held: Held[] }
  | { k: 'rcpt'; n: number; fired: boolean; held: Held[] }
  | { k: 'sold'; skus: Record<string, 1>; n: number; full: boolean }
  | { k: 'thr'; receipts: number; count: number; fired: boolean; held: Held[] };

export function matches(m: EventMatcher, e: RuleEvent): boolean {
  if (m.type !== e.type) return false;
  if (m.where) for (const [field, value] of Object.entries(m.where)) if (e.payload[field] !== value) return false;
  return true;
}

function evidenceOf(e: RuleEvent): EvidenceEvent {
  const ev: EvidenceEvent = {
    id: e.id,
    source: e.source,
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    storeId: e.storeId,
    tillId: e.tillId,
    cashierId: e.cashierId,
    receiptId: e.receiptId,
    lineId: e.lineId,
  };
  if (e.kafka) ev.kafka = { ...e.kafka };
  return ev;
}
const heldOf = (e: RuleEvent, steps: number[]): Held => ({ ...evidenceOf(e), ms: e.ms, steps });
const evidenceOfHeld = ({ ms: _ms, steps: _steps, ...ev }: Held): EvidenceEvent => ev;

/** Whether a threshold rule's metric (or its base, the receipts) moves with this event, and by how much. */
function thresholdIncrements(rule: ThresholdRule, e: RuleEvent): { receipts: number; count: number } {
  const inc = metricIncrements({ type: e.type, amount: e.amount, units: e.units, payload: e.payload });
  return { receipts: inc.receipts ?? 0, count: inc[rule.metric] ?? 0 };
}

/**
 * The key of the state an event moves for a rule, or null when the rule ignores it. Prefixed
 * with the rule's id and version: an edited rule starts afresh.
 */
export function stateKeyOf(rule: Rule, e: RuleEvent): string | null {
  const k = keyOf(rule, e);
  return k === null ? null : `${rule.id}@${rule.version}|${k}`;
}

function keyOf(rule: Rule, e: RuleEvent): string | null {
  switch (rule.kind) {
    case 'sequence': {
      if (!rule.steps.some((s) => matches(s, e))) return null;
      if (rule.correlate !== 'none' && !e.receiptId) return null;
      if (rule.by === 'till') return e.tillId ? `till|${e.source}|${e.tillId}` : null;
      return e.cashierId && e.storeId ? `cashier|${e.storeId}|${e.cashierId}` : null;
    }
    case 'receipt_count':
      return e.receiptId && e.storeId && matches(rule.match, e) ? `rcpt|${e.storeId}|${e.receiptId}` : null;
    case 'refund_unsold_sku':
      if (!e.storeId) return null;
      if ((e.type === 'pos.item.added' && e.sku) || e.type === 'pos.refund.issued') return `sold|${e.storeId}|${e.day}`;
      return null;
    case 'threshold': {
      if (!e.cashierId || !e.storeId) return null;
      const inc = thresholdIncrements(rule, e);
      return inc.receipts !== 0 || inc.count !== 0 ? `thr|${e.storeId}|${e.cashierId}|${e.day}` : null;
    }
  }
}

/**
 * How long a key's state is worth keeping after the last event that moved it (ms): the window
 * of a sequence; two days for a receipt; a day and a half after a day's last event (its day
 * may still be running in the latest timezone, and late events of it still come).
 */
export function stateTtlMs(rule: Rule): number {
  switch (rule.kind) {
    case 'sequence':
      return rule.withinMs + 60_000;
    case 'receipt_count':
      return 2 * 86_400_000;
    case 'refund_unsold_sku':
    case 'threshold':
      return 36 * 3_600_000;
  }
}

function hitOf(rule: Rule, e: RuleEvent, evidence: EvidenceEvent[], detail: Record<string, unknown> = {}): RuleHit {
  return {
    id: `${rule.id}:${rule.version}:${e.source}:${e.seq}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    ruleName: rule.name,
    ruleKind: rule.kind,
    severity: rule.severity,
    subject: { storeId: e.storeId, tillId: e.tillId, cashierId: e.cashierId, receiptId: e.receiptId },
    occurredAt: e.occurredAt,
    ms: e.ms,
    day: e.day,
    evidence,
    detail,
  };
}

export interface Evaluation {
  /** The key's next state; null: nothing left to keep. */
  state: KeyState | null;
  hits: RuleHit[];
}

/**
 * One event through one rule, given the state of its key (`stateKeyOf`; null when none is
 * kept). Never mutates its inputs. An event the rule ignores leaves the state as it is.
 */
export function evaluate(rule: Rule, state: KeyState | null, e: RuleEvent): Evaluation {
  if (keyOf(rule, e) === null) return { state, hits: [] };
  switch (rule.kind) {
    case 'sequence':
      return evaluateSequence(rule, state?.k === 'seq' ? state : null, e);
    case 'receipt_count':
      return evaluateReceiptCount(rule, state?.k === 'rcpt' ? state : null, e);
    case 'refund_unsold_sku':
      return evaluateRefund(rule, state?.k === 'sold' ? state : null, e);
    case 'threshold':
      return evaluateThreshold(rule, state?.k === 'thr' ? state : null, e);
  }
}

function correlated(rule: SequenceRule, h: Held, e: RuleEvent): boolean {
  if (rule.correlate === 'none') return true;
  if (h.storeId !== e.storeId || h.receiptId !== e.receiptId) return false;
  return rule.correlate === 'receipt' || h.lineId === e.lineId;
}

/**
 * A sequence: an event matching the last step completes the latest chain of held events
 * matching the steps before it in order, correlated with it, the first within the window
 * before it. The events of a hit are used up (a post-void pairs with one no-sale open).
 */
function evaluateSequence(rule: SequenceRule, st: Extract<KeyState, { k: 'seq' }> | null, e: RuleEvent): Evaluation {
  const last = rule.steps.length - 1;
  const maxMs = Math.max(st?.maxMs ?? e.ms, e.ms);
  let held = (st?.held ?? []).filter((h) => h.ms >= maxMs - rule.withinMs);
  const hits: RuleHit[] = [];
  const stepsOf = rule.steps.map((s, i) => (matches(s, e) ? i : -1)).filter((i) => i >= 0);

  let completed = false;
  if (stepsOf.includes(last)) {
    const chain: Held[] = [];
    let before = held.length;
    for (let step = last - 1; step >= 0; step--) {
      let found = -1;
      for (let i = before - 1; i >= 0; i--) {
        const h = held[i]!;
        if (h.steps.includes(step) && correlated(rule, h, e) && h.ms <= e.ms && e.ms - h.ms <= rule.withinMs) {
          found = i;
          break;
        }
      }
      if (found < 0) break;
      chain.unshift(held[found]!);
      before = found;
    }
    if (chain.length === last) {
      completed = true;
      const used = new Set(chain);
      held = held.filter((h) => !used.has(h));
      hits.push(hitOf(rule, e, [...chain.map(evidenceOfHeld), evidenceOf(e)], { withinMs: rule.withinMs, spanMs: e.ms - chain[0]!.ms }));
    }
  }
  const earlier = stepsOf.filter((i) => i < last);
  if (!completed && earlier.length > 0) held = [...held, heldOf(e, earlier)];
  if (held.length > MAX_HELD) held = held.slice(held.length - MAX_HELD);
  return { state: held.length > 0 ? { k: 'seq', maxMs, held } : null, hits };
}

/** More than N matching events in one receipt: one hit, at the (N + 1)-th, with all of them. */
function evaluateReceiptCount(rule: ReceiptCountRule, st: Extract<KeyState, { k: 'rcpt' }> | null, e: RuleEvent): Evaluation {
  const n = (st?.n ?? 0) + 1;
  if (st?.fired) return { state: { ...st, n }, hits: [] };
  const held = [...(st?.held ?? []), heldOf(e, [0])];
  if (n > rule.moreThan) {
    return { state: { k: 'rcpt', n, fired: true, held: [] }, hits: [hitOf(rule, e, held.map(evidenceOfHeld), { count: n, moreThan: rule.moreThan })] };
  }
  return { state: { k: 'rcpt', n, fired: false, held }, hits: [] };
}

/** SKUs rung up at the store that day; a refund of one never rung up before it is a hit. */
function evaluateRefund(rule: RefundUnsoldSkuRule, st: Extract<KeyState, { k: 'sold' }> | null, e: RuleEvent): Evaluation {
  const cur = st ?? { k: 'sold' as const, skus: {}, n: 0, full: false };
  if (e.type === 'pos.item.added') {
    if (cur.skus[e.sku] || cur.full) return { state: cur, hits: [] };
    if (cur.n >= MAX_SOLD_SKUS) return { state: { ...cur, full: true }, hits: [] };
    return { state: { k: 'sold', skus: { ...cur.skus, [e.sku]: 1 }, n: cur.n + 1, full: false }, hits: [] };
  }
  if (rule.withReceipt === 'without' && e.payload.withReceipt === true) return { state: st, hits: [] };
  if (cur.full) return { state: st, hits: [] };
  const unsold = [...new Set(e.lineSkus)].filter((s) => !cur.skus[s]).sort();
  return { state: st, hits: unsold.length > 0 ? [hitOf(rule, e, [evidenceOf(e)], { unsoldSkus: unsold, withReceipt: e.payload.withReceipt === true })] : [] };
}

/** A cashier's rate of one metric over the day so far: one hit when it first goes above the threshold with enough receipts. */
function evaluateThreshold(rule: ThresholdRule, st: Extract<KeyState, { k: 'thr' }> | null, e: RuleEvent): Evaluation {
  const inc = thresholdIncrements(rule, e);
  const receipts = (st?.receipts ?? 0) + inc.receipts;
  const count = (st?.count ?? 0) + inc.count;
  if (st?.fired) return { state: { ...st, receipts, count }, hits: [] };
  let held = st?.held ?? [];
  if (inc.count > 0) {
    held = [...held, heldOf(e, [0])];
    if (held.length > MAX_THRESHOLD_EVIDENCE) held = held.slice(held.length - MAX_THRESHOLD_EVIDENCE);
  }
  const rate = per100Receipts(count, receipts);
  if (receipts >= rule.minReceipts && rate !== null && rate > rule.per100ReceiptsAbove) {
    const evidence = held.map(evidenceOfHeld);
    if (!held.some((h) => h.source === e.source && h.seq === e.seq)) evidence.push(evidenceOf(e));
    return {
      state: { k: 'thr', receipts, count, fired: true, held: [] },
      hits: [hitOf(rule, e, evidence, { metric: rule.metric, count, receipts, per100Receipts: rate, above: rule.per100ReceiptsAbove })],
    };
  }
  return { state: { k: 'thr', receipts, count, fired: false, held }, hits: [] };
}

/** The states of many keys (`stateKeyOf` → state), as the worker reads and writes them. */
export type RuleStates = Map<string, KeyState>;

/**
 * Events through every rule, in the order given, the states carried over (mutated): what the
 * worker does with a batch and a backtest with a period. The hits in event order, then rule order.
 */
export function runRules(rules: readonly Rule[], events: Iterable<RuleEvent>, states: RuleStates = new Map()): { hits: RuleHit[]; states: RuleStates; touched: Set<string> } {
  const hits: RuleHit[] = [];
  const touched = new Set<string>();
  for (const e of events) {
    for (const rule of rules) {
      const key = stateKeyOf(rule, e);
      if (key === null) continue;
      const r = evaluate(rule, states.get(key) ?? null, e);
      touched.add(key);
      if (r.state) states.set(key, r.state);
      else states.delete(key);
      hits.push(...r.hits);
    }
  }
  return { hits, states, touched };
}
