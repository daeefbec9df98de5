import type { Redis } from 'ioredis';
import type { RaisedAlert } from '../../lib/alerts/alert-model';
import { createAlertStore } from '../../lib/alerts/alert-store';
import type { BenchRow } from '../platform/platform-bench';
import { percentile } from '../platform/measure';

/** N open low-stock alerts, as the inventory worker raises them (a store and a SKU each). */
async function fill(redis: Redis, n: number): Promise<string[]> {
  await redis.flushdb();
  const store = createAlertStore(redis);
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 250) {
    const batch: RaisedAlert[] = [];
    for (let k = i; k < Math.min(n, i + 250); k++) {
      const storeId = `S${String((k % 12) + 1).padStart(3, '0')}`;
      batch.push({ id: `low_stock:${storeId}:SKU-${k}`, kind: 'low_stock', severity: k % 10 ? 'warning' : 'critical', subject: { storeId, sku: `SKU-${k}` }, evidence: { onHand: 3, reorderPoint: 10 }, openedAt: now - k * 1000 });
    }
    await Promise.all(batch.map((a) => store.upsert(a, null)));
    ids.push(...batch.map((a) => a.id));
  }
  return ids;
}

async function times(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

const p = (sorted: number[]) => `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;

/**
 * What `GET /api/v1/alerts` costs a web process to read the stored alerts (AlertStore.list), for
 * `sizes` open alerts: right after a change (every call reads them all: the index, one HGET each
 * in a pipeline, JSON and schema), and while nothing changed (the list read last is answered
 * again after one GET of the revision).
 */
export async function benchAlertsList(redis: Redis, sizes: number[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const ids = await fill(redis, n);
    const reader = createAlertStore(redis);
    const writer = createAlertStore(redis);
    // A change before each read (an acknowledgement of another alert each time, not timed).
    const changed: number[] = [];
    for (let i = 0; i < 20; i++) {
      await writer.acknowledge(ids[i]!, 'bench');
      const t0 = performance.now();
      const list = await reader.list();
      changed.push(performance.now() - t0);
      if (list.length !== n) throw new Error(`read ${list.length} alerts, ${n} stored`);
    }
    changed.sort((a, b) => a - b);
    const unchanged = await times(200, () => reader.list());
    rows.push({ what: `alerts list, ${n.toLocaleString('en')} stored, after a change`, figure: p(changed), detail: 'index + HGET each (pipelined) + JSON + schema' });
    // 50 users' requests at once right after a change (bells after a live change): one read serves them.
    await writer.acknowledge(ids[50]!, 'bench');
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => reader.list()));
    const together = performance.now() - t0;
    rows.push({ what: `alerts list, ${n.toLocaleString('en')} stored, 50 at once after a change`, figure: `${together.toFixed(1)} ms for all 50`, detail: 'the calls that come during a read wait for it' });
    rows.push({ what: `alerts list, ${n.toLocaleString('en')} stored, unchanged`, figure: p(unchanged), detail: 'the list read last, after one GET of the revision' });
  }
  await redis.flushdb();
  return rows;
}
