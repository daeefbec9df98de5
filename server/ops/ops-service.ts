import type { Redis } from 'ioredis';
import type { Admin } from 'kafkajs';
import type { HealthReport } from '../../lib/live/health-types';
import type { OpsAnswer, SourceOps, StoreOps } from '../../lib/ops/ops-types';
import type { SourceState, StoreState } from '../../lib/kpis/store-answers';
import { storeStateOf } from '../../lib/kpis/store-status';
import { readSourceStates } from '../kpis/store-freshness';
import type { StoreInfo } from '../kpis/store-directory';
import { readConsumerLag } from '../../lib/ops/consumer-lag';
import { readDlq } from './dlq-reader';
import { createRateSampler, readInstanceStats, workersOf } from './worker-stats';

export interface OpsService {
  /** The operations view now (GET /api/v1/ops, and the numbers of GET /api/metrics). */
  snapshot: () => Promise<OpsAnswer>;
}

export function storeOpsOf(s: StoreState): StoreOps {
  return {
    storeId: s.storeId,
    name: s.name,
    region: s.region,
    status: s.status,
    lastEventAt: s.lastEventAt,
    freshnessSeconds: s.silentForMs === null ? null : Math.round(s.silentForMs / 100) / 10,
    lagMs: s.lagMs,
    missing: s.missing,
    gaps: s.sources.flatMap((src) => src.gaps.map((g) => ({ source: src.source, first: g.first, last: g.last }))),
  };
}

/** A central source's freshness at `now`: since its last event arrived, and its lag and gaps. */
export function sourceOpsOf(s: SourceState, now: number): SourceOps {
  const arrived = s.lastArrivalAt === null ? null : Date.parse(s.lastArrivalAt);
  return {
    source: s.source,
    lastEventAt: s.lastEventAt,
    freshnessSeconds: arrived === null ? null : Math.round(Math.max(0, now - arrived) / 100) / 10,
    lagMs: s.lagMs,
    missing: s.missing,
    gaps: s.gaps,
  };
}

/**
 * Reads Redis (worker counters, dead letters, store freshness), Kafka (consumer lag) and
 * the health check concurrently. Kafka not answering leaves the lag empty with the reason;
 * Redis not answering fails the whole answer (the routes' 503).
 */
export function createOpsService(d: { redis: Redis; kafkaAdmin: Admin; stores: () => Promise<Map<string, StoreInfo>>; health: () => Promise<HealthReport>; now?: () => number }): OpsService {
  const now = d.now ?? Date.now;
  const rates = createRateSampler();
  return {
    async snapshot() {
      const t = now();
      const lag = readConsumerLag(d.kafkaAdmin).then(
        (rows) => ({ rows, error: null }),
        (err: unknown) => ({ rows: [], error: `Kafka did not answer: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}` }),
      );
      const [stats, dlq, stores, health, consumerLag] = await Promise.all([
        readInstanceStats(d.redis),
        readDlq(d.redis, t),
        d.stores().then(async (m) => ({ m, sources: await readSourceStates(d.redis, (store) => store === '' || m.has(store)) })),
        d.health(),
        lag,
      ]);
      return {
        generatedAt: new Date(t).toISOString(),
        workers: workersOf(stats, rates.observe(stats)),
        consumerLag: consumerLag.rows,
        consumerLagError: consumerLag.error,
        dlq,
        stores: [...stores.m.values()].map((s) => storeOpsOf(storeStateOf(s, stores.sources.byStore.get(s.storeId) ?? [], t))),
        sources: stores.sources.central.map((s) => sourceOpsOf(s, t)),
        health,
      };
    },
  };
}
