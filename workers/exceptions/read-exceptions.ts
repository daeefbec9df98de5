import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import type { TimedEvent } from '../harness/checked-batch';
import { byteRanges, isSet, seenBitmaps } from '../harness/seen-bitmaps';
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
  const bitmaps = seenBitmaps(rows, redisKeys.excSeenChunk);
  const ranges = bitmaps.map((b) => byteRanges(b.bits));
  bitmaps.forEach((b, k) => {
    for (const r of ranges[k]!) p.getrangeBuffer(b.key, r.from, r.to);
  });
  if (needs.tills.length > 0) p.hmget(redisKeys.excTills(), ...needs.tills);
  for (const r of needs.receipts) p.lrange(redisKeys.excOpenReceipt(r.storeId, r.receiptId), 0, -1);
  const hashes = [...needs.fields];
  for (const [key, fields] of hashes) p.hmget(key, ...fields);
  const res = (await p.exec()) ?? [];
  let i = 0;
  const next = <T>(): T => {
    const [err, v] = res[i++] ?? [new Error('redis pipeline returned too few replies'), null];
    if (err) throw err;
    return v as T;
  };

  const seen = new Array<boolean>(rows.length).fill(false);
  bitmaps.forEach((b, k) => {
    const reads = ranges[k]!.map((r) => ({ from: r.from, bytes: next<Buffer>() }));
    b.bits.forEach((bit, j) => (seen[b.events[j]!] = isSet(reads, bit)));
  });
  const tills = new Map<string, string>();
  if (needs.tills.length > 0) next<(string | null)[]>().forEach((v, j) => tills.set(needs.tills[j]!, v ?? ''));
  const openReceipts = new Map<string, ReceiptFact[]>();
  for (const r of needs.receipts) openReceipts.set(receiptKey(r.storeId, r.receiptId), next<string[]>().map((j) => JSON.parse(j) as ReceiptFact));
  const fields = new Map<string, string>();
  for (const [key, names] of hashes) next<(string | null)[]>().forEach((v, j) => fields.set(fieldKey(key, names[j]!), v ?? ''));
  return { seen, state: { tills, openReceipts, fields } };
}
