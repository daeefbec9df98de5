/**
 * Every Redis key and channel Tillstream uses, built here and nowhere else: one prefix
 * (`ts:`), colon-separated names, ids last.
 */
const P = 'ts';

export const redisKeys = {
  /** Hash: a worker process's counters (consumed, ok, duplicate, dlq, lag, batch time…), refreshed every few seconds, with a TTL. */
  workerStats: (worker: string, instance: string) => `${P}:worker:${worker}:${instance}`,
  /** Pattern matching every worker's counters. */
  workerStatsPattern: () => `${P}:worker:*`,
  /** Hash: storeId → the store's master data (JSON of store.upserted's payload). */
  stores: () => `${P}:stores`,
  /** Bitmap: bit `seq` is set once the validator accepted that event of the source. */
  validatorSeen: (source: string) => `${P}:val:seen:${source}`,
  /** String (JSON): the validator's running sums of an open receipt. */
  validatorReceipt: (receiptId: string) => `${P}:val:rcpt:${receiptId}`,
  /** String (JSON): a closed receipt's total and items, for post-void checks. */
  validatorClosed: (receiptId: string) => `${P}:val:closed:${receiptId}`,
};
