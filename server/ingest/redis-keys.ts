/** Every Redis key of the REST ingest, in one place (all under `ingest:`). */
export const REDIS_KEYS = {
  /** HASH: hash, storeId, name, createdAt, rate, burst, revokedAt of one API key. */
  apiKey: (publicId: string) => `ingest:key:${publicId}`,
  /** SET of every public id, for `npm run apikey -- list`. */
  allApiKeys: 'ingest:keys',
  /** HASH: tokens, ts of the key's token bucket; expires when the bucket is full again. */
  rateBucket: (publicId: string) => `ingest:rate:${publicId}`,
  /** STRING (JSON): the pending marker or the stored answer of one Idempotency-Key of one API key. */
  idempotency: (publicId: string, keyDigest: string) => `ingest:idem:${publicId}:${keyDigest}`,
} as const;
