/**
 * The history sink's Redis keys: one prefix (`ts:`), colon-separated names, ids last.
 * `scope` is `sink` in production; tests pass their own so that they never touch the
 * keys of another run (and never need to flush anything).
 */
const P = 'ts';

/** Seqs per bitmap key: 2^20 bits = 128 KiB, a till's events for many months. */
export const SEEN_CHUNK_BITS = 2 ** 20;

export interface SinkKeys {
  /**
   * Hash: what the sink did on one partition of its input: `done` (the last offset whose
   * rows are durably in ClickHouse) and, while an insert holding its rows is under way,
   * `token` (that block's).
   */
  partition: (topic: string, partition: number) => string;
  /** Hash: a planned insert until it is confirmed: `body` (the exact rows sent, packed) and `parts` (JSON: the partitions and offsets it covers). */
  block: (token: string) => string;
  /** Bitmap: bit `seq % SEEN_CHUNK_BITS` is set once the event (source, seq) is planned into ClickHouse. */
  seen: (source: string, chunk: number) => string;
}

export function sinkKeys(scope = 'sink'): SinkKeys {
  return {
    partition: (topic, partition) => `${P}:${scope}:part:${topic}:${partition}`,
    block: (token) => `${P}:${scope}:block:${token}`,
    seen: (source, chunk) => `${P}:${scope}:seen:${source}:${chunk}`,
  };
}

/** Where the bit of one (source, seq) lives. */
export function seenBit(keys: SinkKeys, source: string, seq: number): { key: string; bit: number } {
  return { key: keys.seen(source, Math.floor(seq / SEEN_CHUNK_BITS)), bit: seq % SEEN_CHUNK_BITS };
}
