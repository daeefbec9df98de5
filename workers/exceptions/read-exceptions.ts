import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import type { TimedEvent } from '../harness/checked-batch';
import { queueSeenBitReads, replies } from '../harness/seen-bitmaps';
import { fieldKey, readsOf, receiptKey, type ExceptionState, type ReceiptFact } from './plan-exceptions';

/**
 * Everything a batch's plan depends on, in one pipeline: whether each event was applied
 * before (its seen bit), the last shift event of each till of the batch, the stored facts
 * of receipts voiding, overriding or closing in it, the tenders of the receipts its refunds
 * name, and the refunds waiting for the receipts it closes.
 */
export async function readExceptions(
  redis: Redis,
  events: TimedEvent[],
  timezone: (storeId: string) => string,
): Promise<{ seen: boolean[]; state: Omit<ExceptionState, 'now' | 'timezone'> }> {
  const rows = events.map((e) => e.row);
  const needs = readsOf(events, timezone);
  const p = redis.pipeline();
  const seenOf = queueSeenBitReads(p, rows, redisKeys.excSeenChunk);
  if (needs.tills.length > 0) p.hmget(redisKeys.excTills(), ...needs.tills);
  for (const r of needs.receipts) p.lrange(redisKeys.excOpenReceipt(r.storeId, r.receiptId), 0, -1);
  const hashes = [...needs.fields];
  for (const [key, fields] of hashes) p.hmget(key, ...fields);
  const next = await replies(p);

  const seen = seenOf(next);
  const tills = new Map<string, string>();
  if (needs.tills.length > 0) next<(string | null)[]>().forEach((v, j) => tills.set(needs.tills[j]!, v ?? ''));
  const openReceipts = new Map<string, ReceiptFact[]>();
  for (const r of needs.receipts) openReceipts.set(receiptKey(r.storeId, r.receiptId), next<string[]>().map((j) => JSON.parse(j) as ReceiptFact));
  const fields = new Map<string, string>();
  for (const [key, names] of hashes) next<(string | null)[]>().forEach((v, j) => fields.set(fieldKey(key, names[j]!), v ?? ''));
  return { seen, state: { tills, openReceipts, fields } };
}
