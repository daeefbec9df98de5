import type { Redis } from 'ioredis';
import type { WorkerCounters, WorkerOps } from '../../lib/ops/ops-types';
import { redisKeys } from '../../lib/redis-keys';

/** One worker process's counters as the harness publishes them (workers/harness/counters.ts). */
export interface InstanceStats extends WorkerCounters {
  key: string;
  worker: string;
  updatedAt: string | null;
}

const num = (v: string | undefined) => (v && Number.isFinite(Number(v)) ? Number(v) : 0);

/** Every live worker process's counters (the hashes expire 30 s after their process stops publishing). */
export async function readInstanceStats(redis: Redis): Promise<InstanceStats[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', redisKeys.workerStatsPattern(), 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  keys.sort();
  const p = redis.pipeline();
  for (const k of keys) p.hgetall(k);
  const res = (await p.exec()) ?? [];
  return keys.flatMap((key, i) => {
    const [err, h] = res[i]!;
    if (err) throw err;
    const f = h as Record<string, string>;
    if (!f.worker) return [];
    return [{
      key,
      worker: f.worker,
      consumed: num(f.consumed),
      ok: num(f.ok),
      duplicate: num(f.duplicate),
      dlq: num(f.dlq),
      produced: num(f.produced),
      batches: num(f.batches),
      retries: num(f.retries),
      lag: num(f.lag),
      lastBatchMs: num(f.lastBatchMs),
      avgBatchMs: num(f.avgBatchMs),
      lastBatchAt: f.lastBatchAt || null,
      updatedAt: f.updatedAt || null,
    }];
  });
}

interface Sample {
  at: number;
  consumed: number;
  produced: number;
}

/** Rates are taken over the samples of the last 30 s (the harness publishes every 2 s). */
export const RATE_WINDOW_MS = 30_000;

/**
 * Events per second from counter deltas: keeps each process's samples (by the time the
 * harness published them, `updatedAt`) for the rate window, and answers the rate between the
 * oldest and the newest. A process whose counters went down restarted: its history starts again.
 */
export function createRateSampler(windowMs = RATE_WINDOW_MS) {
  const history = new Map<string, Sample[]>();
  return {
    observe(stats: InstanceStats[]): Map<string, { inPerSecond: number | null; outPerSecond: number | null }> {
      const out = new Map<string, { inPerSecond: number | null; outPerSecond: number | null }>();
      const live = new Set<string>();
      for (const s of stats) {
        live.add(s.key);
        const at = s.updatedAt ? Date.parse(s.updatedAt) : NaN;
        let list = history.get(s.key) ?? [];
        if (Number.isFinite(at)) {
          const last = list.at(-1);
          if (last && (s.consumed < last.consumed || s.produced < last.produced)) list = [];
          if (!last || at > last.at) list.push({ at, consumed: s.consumed, produced: s.produced });
          list = list.filter((x, i) => i === list.length - 1 || at - x.at <= windowMs);
        }
        history.set(s.key, list);
        const first = list[0];
        const newest = list.at(-1);
        const dt = first && newest ? (newest.at - first.at) / 1000 : 0;
        out.set(s.key, dt > 0 ? { inPerSecond: (newest!.consumed - first!.consumed) / dt, outPerSecond: (newest!.produced - first!.produced) / dt } : { inPerSecond: null, outPerSecond: null });
      }
      for (const k of history.keys()) if (!live.has(k)) history.delete(k);
      return out;
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const maxIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/** The processes of each worker summed (rates and lag added, batch times the slowest process's), by worker name. */
export function workersOf(stats: InstanceStats[], rates: Map<string, { inPerSecond: number | null; outPerSecond: number | null }>): WorkerOps[] {
  const by = new Map<string, WorkerOps>();
  for (const s of stats) {
    const r = rates.get(s.key) ?? { inPerSecond: null, outPerSecond: null };
    const w = by.get(s.worker);
    if (!w) {
      by.set(s.worker, {
        worker: s.worker,
        instances: 1,
        consumed: s.consumed,
        ok: s.ok,
        duplicate: s.duplicate,
        dlq: s.dlq,
        produced: s.produced,
        batches: s.batches,
        retries: s.retries,
        lag: s.lag,
        inPerSecond: r.inPerSecond === null ? null : round1(r.inPerSecond),
        outPerSecond: r.outPerSecond === null ? null : round1(r.outPerSecond),
        lastBatchMs: s.lastBatchMs,
        avgBatchMs: s.avgBatchMs,
        lastBatchAt: s.lastBatchAt,
        updatedAt: s.updatedAt,
      });
      continue;
    }
    w.instances += 1;
    for (const k of ['consumed', 'ok', 'duplicate', 'dlq', 'produced', 'batches', 'retries', 'lag'] as const) w[k] += s[k];
    const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : round1(a + b));
    w.inPerSecond = add(w.inPerSecond, r.inPerSecond === null ? null : round1(r.inPerSecond));
    w.outPerSecond = add(w.outPerSecond, r.outPerSecond === null ? null : round1(r.outPerSecond));
    w.lastBatchMs = Math.max(w.lastBatchMs, s.lastBatchMs);
    w.avgBatchMs = Math.max(w.avgBatchMs, s.avgBatchMs);
    w.lastBatchAt = maxIso(w.lastBatchAt, s.lastBatchAt);
    w.updatedAt = maxIso(w.updatedAt, s.updatedAt);
  }
  return [...by.values()].sort((a, b) => a.worker.localeCompare(b.worker));
}
