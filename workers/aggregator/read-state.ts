import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import type { EventRow } from '../sink/event-row';
import type { LineEvent, ResolvedLines } from '../sink/receipt-lines';
import type { PlanState } from './plan-batch';
import { queueSeenBitReads, replies } from '../harness/seen-bitmaps';
import { parseGapMember } from './source-gaps';

export type ReadState = Pick<PlanState, 'openLines' | 'closedLines' | 'orderLocations' | 'sources'>;

/**
 * Everything a batch's plan depends on, read in one pipeline: whether each event was
 * applied before (its seen bit), each source's line (highest seq, gaps), the stored lines
 * of receipts that close or are post-voided in the batch, and the locations of the web
 * orders it pays or cancels.
 */
export async function readState(redis: Redis, rows: EventRow[]): Promise<{ seen: boolean[]; state: ReadState }> {
  const sources = [...new Set(rows.map((r) => r.source))];
  const closing = [...new Set(rows.filter((r) => r.type === 'pos.receipt.closed').map((r) => r.receipt_id))];
  const postVoided = [...new Set(rows.filter((r) => r.type === 'pos.receipt.postvoided').map((r) => r.receipt_id))];
  const orders = [...new Set(rows.filter((r) => r.type === 'ecom.order.paid' || r.type === 'ecom.order.cancelled').map((r) => r.order_id))];

  const p = redis.pipeline();
  const seenOf = queueSeenBitReads(p, rows, redisKeys.aggSeenChunk);
  for (const s of sources) p.hmget(redisKeys.aggSource(s), 'max', 'lastOccurredAt', 'tillStore').zrange(redisKeys.aggGaps(s), '0', '-1');
  for (const id of closing) p.lrange(redisKeys.aggOpenReceipt(id), 0, -1);
  for (const id of postVoided) p.get(redisKeys.aggClosedLines(id));
  for (const id of orders) p.get(redisKeys.aggOrderLocation(id));
  const next = await replies(p);

  const seen = seenOf(next);
  const state: ReadState = { openLines: new Map(), closedLines: new Map(), orderLocations: new Map(), sources: new Map() };
  for (const s of sources) {
    const [max, last, tillStore] = next<(string | null)[]>();
    const gaps = next<string[]>().map(parseGapMember).sort((a, b) => a.first - b.first);
    state.sources.set(s, { line: { max: Number(max ?? 0), gaps }, rawMax: max ?? '', lastOccurredAt: Number(last ?? 0), tillStore: tillStore ?? '' });
  }
  for (const id of closing) state.openLines.set(id, next<string[]>().map((j) => JSON.parse(j) as LineEvent));
  for (const id of postVoided) {
    const v = next<string | null>();
    state.closedLines.set(id, v ? (JSON.parse(v) as ResolvedLines) : null);
  }
  for (const id of orders) state.orderLocations.set(id, next<string | null>());
  return { seen, state };
}
