import type { MinuteCounts } from './minute-counts';

/** The Socket.IO event that carries a room's live deltas to the browser. */
export const LIVE_DELTA_EVENT = 'live:delta';

/** A source's freshness as a delta carries it (the stores API serves the same fields). */
export interface SourceFreshness {
  source: string;
  storeId: string;
  /** Highest seq applied. */
  maxSeq: number;
  /** occurredAt of that event, epoch ms. */
  lastOccurredAt: number;
  /** When the aggregator last applied an event of the source, epoch ms. */
  arrivedAt: number;
  /** Seqs below maxSeq never received (open gaps). */
  missing: number;
}

/**
 * What the live aggregator publishes for one room (chain, region:<name>, store:<id>) at
 * most every ~150 ms: the new absolute counts of the minutes that changed (summed over
 * the scope's timezones), today's counts (each timezone's own local day), and the sources
 * that moved. Absolute values, never increments: applying a delta twice, or after a
 * snapshot that already had it, changes nothing.
 */
export interface LiveDelta {
  room: string;
  publishedAt: number;
  minutes: { minute: number; counts: MinuteCounts }[];
  today: MinuteCounts;
  /** True when more minutes changed than a delta carries (a backfill): reload the snapshot. */
  resync: boolean;
  sources: SourceFreshness[];
}
