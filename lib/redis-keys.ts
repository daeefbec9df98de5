/**
 * Every Redis key and channel Tillstream uses, built here and nowhere else: one prefix
 * (`ts:`), colon-separated names, ids last.
 */
const P = 'ts';
const SEEN_CHUNK = 2 ** 24;

export const redisKeys = {
  /** Hash: a worker process's counters (consumed, ok, duplicate, dlq, lag, batch time…), refreshed every few seconds, with a TTL. */
  workerStats: (worker: string, instance: string) => `${P}:worker:${worker}:${instance}`,
  /** Pattern matching every worker's counters. */
  workerStatsPattern: () => `${P}:worker:*`,
  /** Hash: storeId → the store's master data (JSON of store.upserted's payload). */
  stores: () => `${P}:stores`,
  /**
   * Bitmap of the seqs of a source the validator accepted, in chunks of 2^24 seqs (a Redis
   * bitmap ends at 2^32 bits; seqs go to 2^53): the key and the bit of one seq.
   */
  validatorSeen: (source: string, seq: number) => ({ key: `${P}:val:seen:${source}:${Math.floor(seq / SEEN_CHUNK)}`, bit: seq % SEEN_CHUNK }),
  /** String (JSON): the validator's running sums of an open receipt. */
  validatorReceipt: (receiptId: string) => `${P}:val:rcpt:${receiptId}`,
  /** String (JSON): a closed receipt's total and items, for post-void checks. */
  validatorClosed: (receiptId: string) => `${P}:val:closed:${receiptId}`,
};
