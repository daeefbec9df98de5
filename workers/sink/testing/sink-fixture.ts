import type { ClickHouseClient } from '../../../lib/clients/clickhouse';
import type { WorkerDefinition } from '../../harness/worker';
import { salesPerStoreMinute, webSalesPerLocationMinute } from '../read-rollups';
import { batchOf } from './partitioned-input';

/** Every table the sink writes (directly or through views), for a clean slate between scenarios. */
export const SINK_TABLES = ['events', 'sales_per_store_minute', 'store_activity_per_minute', 'web_orders', 'web_sales_per_location_minute', 'sku_sales_per_hour', 'web_order_lines', 'stock_movements', 'exceptions_per_quarter'];

export async function truncateSinkTables(ch: ClickHouseClient): Promise<void> {
  for (const t of SINK_TABLES) await ch.command({ query: `TRUNCATE TABLE IF EXISTS ${t}` });
}

/** Hands each partition's messages to the worker in turn, batches cut by `size()`, as the harness would (no faults). */
export async function feedAll(worker: WorkerDefinition, parts: Buffer[][], size: () => number): Promise<{ ok: number; duplicate: number; dlq: number }> {
  const counts = { ok: 0, duplicate: 0, dlq: 0 };
  const next = parts.map(() => 0);
  for (;;) {
    let any = false;
    for (let p = 0; p < parts.length; p++) {
      const values = parts[p]!;
      if (next[p]! >= values.length) continue;
      any = true;
      const to = Math.min(values.length, next[p]! + size());
      const r = await worker.handle(batchOf(values, p, next[p]!, to));
      for (const o of r.outcomes) counts[o.kind] += 1;
      next[p] = to;
    }
    if (!any) return counts;
  }
}

export type Bucket = { gross: number; net: number; receipts: number; items: number; refunds: number; postVoids: number };

const isZero = (b: Bucket) => Object.values(b).every((v) => v === 0);
const minuteKey = (ch: string) => `${ch.slice(0, 10)}T${ch.slice(11, 16)}Z`;

/** The store rollup in the truth file's shape: store → `YYYY-MM-DDTHH:MMZ` → bucket; all-zero minutes left out. */
export async function storeMinutes(ch: ClickHouseClient): Promise<Record<string, Record<string, Bucket>>> {
  const out: Record<string, Record<string, Bucket>> = {};
  for (const r of await salesPerStoreMinute(ch, { from: '1970-01-01 00:00:00', to: '2106-01-01 00:00:00' })) {
    const b = { gross: r.gross, net: r.net, receipts: r.receipts, items: r.items, refunds: r.refunds, postVoids: r.post_voids };
    if (!isZero(b)) (out[r.store_id] ??= {})[minuteKey(r.minute)] = b;
  }
  return out;
}

export async function webMinutes(ch: ClickHouseClient): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of await webSalesPerLocationMinute(ch, { from: '1970-01-01 00:00:00', to: '2106-01-01 00:00:00' })) {
    if (r.net !== 0) (out[r.location_id] ??= {})[minuteKey(r.minute)] = r.net;
  }
  return out;
}

/** The truth file's `stores.<id>.minutes` (or webShop), all-zero minutes left out, for an exact comparison. */
export function truthStoreMinutes(truth: { stores: Record<string, { minutes: Record<string, Bucket> }> }): Record<string, Record<string, Bucket>> {
  const out: Record<string, Record<string, Bucket>> = {};
  for (const [s, st] of Object.entries(truth.stores)) for (const [m, b] of Object.entries(st.minutes)) if (!isZero(b)) (out[s] ??= {})[m] = b;
  return out;
}

export function truthWebMinutes(truth: { webShop: Record<string, { minutes: Record<string, number> }> }): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [l, w] of Object.entries(truth.webShop)) for (const [m, v] of Object.entries(w.minutes)) if (v !== 0) (out[l] ??= {})[m] = v;
  return out;
}

/** Rows in `events`, and distinct (source, seq) among them: equal when nothing is stored twice. */
export async function eventCounts(ch: ClickHouseClient): Promise<{ rows: number; unique: number }> {
  const rs = await ch.query({ query: 'SELECT count() AS rows, uniqExact(source, seq) AS unique FROM events', format: 'JSONEachRow' });
  const [r] = await rs.json<{ rows: number; unique: number }>();
  return { rows: Number(r!.rows), unique: Number(r!.unique) };
}
