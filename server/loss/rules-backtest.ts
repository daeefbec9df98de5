import type { BacktestAnswer } from '../../lib/loss/rules/rule-answers';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import { runRules, type RuleEvent, type RuleHit } from '../../lib/loss/rules/evaluate';
import { lossAlertOf } from '../../lib/loss/rules/loss-alert';
import { ruleEventOf, type RuleRow } from '../../lib/loss/rules/rule-event';
import type { Rule } from '../../lib/loss/rules/rule-schema';
import { typesOfRules } from '../../lib/loss/rules/stored-rules';
import { localDay } from '../../lib/time/local-time';
import { TOPICS } from '../../lib/topics';
import { dateTime64Param } from '../stores/activity-queries';

/**
 * A backtest (issue 8, "Backtest"): one rule, new or edited, over a period of history. The
 * period's events are read from ClickHouse `events` (FINAL: an event stored twice is one row),
 * only those the rule looks at, and put in the order the live worker sees them: each till's
 * (source's) by seq, the tills merged by event time (then source). They go through the same
 * evaluator as the live worker (lib/loss/rules/evaluate.ts), from an empty state at the start
 * of the period, with each store's day in its timezone as the worker takes it: so the same
 * rule over the same events gives the same hits, live or here.
 */
export const MAX_BACKTEST_EVENTS = 5_000_000;
export const MAX_EXAMPLES = 1000;

export interface BacktestQuery {
  rule: Rule;
  /** Epoch ms, from inclusive, to exclusive. */
  fromMs: number;
  toMs: number;
  storeId?: string;
  /** How many hits to show whole (first ones, in event order). */
  examples: number;
}

export type { BacktestAnswer };

const SQL = `SELECT id, type, source, seq, toUnixTimestamp64Milli(occurred_at) AS ms, store_id, till_id, cashier_id, receipt_id,
            line_id, sku, amount, units, if(type IN {payloadTypes:Array(String)}, payload, '') AS payload, line_skus, kafka_partition, kafka_offset
     FROM events FINAL
     WHERE occurred_at >= {from:DateTime64(3,'UTC')} AND occurred_at < {to:DateTime64(3,'UTC')}
       AND store_id != '' AND ({storeId:String} = '' OR store_id = {storeId:String}) AND type IN {types:Array(String)}
     ORDER BY source, seq
     LIMIT {limit:UInt32}`;

type Raw = Record<'id' | 'type' | 'source' | 'store_id' | 'till_id' | 'cashier_id' | 'receipt_id' | 'sku' | 'payload', string> &
  Record<'seq' | 'ms' | 'line_id' | 'amount' | 'units' | 'kafka_partition' | 'kafka_offset', string | number> & { line_skus: string[] };

export class BacktestTooLarge extends Error {}

/**
 * Sources each sorted by seq, merged by event time (ties: source, then as they came): the
 * order a worker reading every partition as it arrives sees, each till's own order kept.
 */
export function mergeBySource<T extends { source: string; ms: number }>(sorted: T[]): T[] {
  const runs: T[][] = [];
  for (const e of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.source === e.source) last.push(e);
    else runs.push([e]);
  }
  // A binary heap of run heads by (ms, source).
  const pos = runs.map(() => 0);
  const heap: number[] = [];
  const head = (r: number) => runs[r]![pos[r]!]!;
  const less = (a: number, b: number) => {
    const x = head(a);
    const y = head(b);
    return x.ms !== y.ms ? x.ms < y.ms : x.source < y.source;
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  runs.forEach((_, r) => {
    heap.push(r);
    up(heap.length - 1);
  });
  const out: T[] = [];
  while (heap.length > 0) {
    const r = heap[0]!;
    out.push(head(r));
    pos[r]! += 1;
    if (pos[r]! >= runs[r]!.length) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length > 0) down(0);
  }
  return out;
}

/** Hits counted per cashier and per store, most first (ties by id). */
export function tally(hits: readonly RuleHit[]) {
  const cashiers = new Map<string, { storeId: string; cashierId: string; hits: number }>();
  const stores = new Map<string, number>();
  for (const h of hits) {
    stores.set(h.subject.storeId, (stores.get(h.subject.storeId) ?? 0) + 1);
    if (!h.subject.cashierId) continue;
    const k = `${h.subject.storeId}|${h.subject.cashierId}`;
    const c = cashiers.get(k) ?? { storeId: h.subject.storeId, cashierId: h.subject.cashierId, hits: 0 };
    c.hits += 1;
    cashiers.set(k, c);
  }
  const byCashier = [...cashiers.values()].sort((a, b) => b.hits - a.hits || (a.storeId + a.cashierId < b.storeId + b.cashierId ? -1 : 1));
  const byStore = [...stores].map(([storeId, n]) => ({ storeId, hits: n })).sort((a, b) => b.hits - a.hits || (a.storeId < b.storeId ? -1 : 1));
  return { byCashier, byStore };
}

export function createBacktest(d: { ch: ClickHouseClient; stores: () => Promise<Map<string, StoreInfo>>; hqTimezone: string }) {
  return async function backtest(q: BacktestQuery): Promise<BacktestAnswer> {
    const started = Date.now();
    const { types, payloadTypes } = typesOfRules([q.rule]);
    const stores = await d.stores();
    const tz = (storeId: string) => stores.get(storeId)?.timezone ?? d.hqTimezone;
    const rows = await (
      await d.ch.query({
        query: SQL,
        query_params: {
          from: dateTime64Param(q.fromMs),
          to: dateTime64Param(q.toMs),
          storeId: q.storeId ?? '',
          types: [...types],
          payloadTypes: [...payloadTypes],
          limit: MAX_BACKTEST_EVENTS + 1,
        },
        format: 'JSONEachRow',
      })
    ).json<Raw>();
    if (rows.length > MAX_BACKTEST_EVENTS) throw new BacktestTooLarge(`more than ${MAX_BACKTEST_EVENTS} events in the period: choose a shorter one or one store`);
    const events: RuleEvent[] = mergeBySource(
      rows.map((r) => {
        const ms = Number(r.ms);
        const row: RuleRow = {
          id: String(r.id),
          type: String(r.type),
          source: String(r.source),
          seq: Number(r.seq),
          store_id: String(r.store_id),
          till_id: String(r.till_id),
          cashier_id: String(r.cashier_id),
          receipt_id: String(r.receipt_id),
          line_id: Number(r.line_id),
          sku: String(r.sku),
          amount: Number(r.amount),
          units: Number(r.units),
          payload: String(r.payload),
          line_skus: r.line_skus.map(String),
          kafka_partition: Number(r.kafka_partition),
          kafka_offset: Number(r.kafka_offset),
        };
        return ruleEventOf(row, ms, localDay(ms, tz(row.store_id)), TOPICS.eventsValidated.name);
      }),
    );
    const { hits } = runRules([q.rule], events);
    return {
      rule: q.rule,
      period: { from: new Date(q.fromMs).toISOString(), to: new Date(q.toMs).toISOString() },
      storeId: q.storeId ?? null,
      events: events.length,
      hits: hits.length,
      ...tally(hits),
      examples: hits.slice(0, q.examples).map(lossAlertOf),
      tookMs: Date.now() - started,
    };
  };
}

export type Backtest = ReturnType<typeof createBacktest>;
