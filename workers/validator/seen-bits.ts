import type { ChainableCommander } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';

/** The seen bits of a list of events by bitmap key: each bit, and the event's index in the list. */
export type SeenBitmaps = Map<string, { bits: number[]; index: number[] }>;

/**
 * Groups the events' seen bits by bitmap (a source's chunk of seqs, `redisKeys.validatorSeen`),
 * so that a batch reads and writes them with one BITFIELD per bitmap, a few per batch,
 * instead of a GETBIT and a SETBIT per event: the same bits (BITFIELD's u1 at offset n is
 * GETBIT/SETBIT's bit n), at a fraction of the client's cost per event.
 */
export function seenBitmaps(events: readonly { source: string; seq: number }[]): SeenBitmaps {
  const bitmaps: SeenBitmaps = new Map();
  events.forEach((e, i) => {
    const { key, bit } = redisKeys.validatorSeen(e.source, e.seq);
    let bitmap = bitmaps.get(key);
    if (!bitmap) bitmaps.set(key, (bitmap = { bits: [], index: [] }));
    bitmap.bits.push(bit);
    bitmap.index.push(i);
  });
  return bitmaps;
}

/** `BITFIELD key GET u1 <bit> …` (or `SET u1 <bit> 1 …`): one sub-command per bit, in order. */
function bitfield(key: string, bits: number[], op: 'GET' | 'SET'): (string | number)[] {
  const args: (string | number)[] = [key];
  for (const bit of bits) {
    if (op === 'GET') args.push('GET', 'u1', bit);
    else args.push('SET', 'u1', bit, 1);
  }
  return args;
}

/** Queues the reads of the bits: one BITFIELD per bitmap, in the map's order (see `seenFlags`). */
export function queueSeenReads(pipeline: ChainableCommander, bitmaps: SeenBitmaps): void {
  for (const [key, { bits }] of bitmaps) pipeline.call('BITFIELD', bitfield(key, bits, 'GET'));
}

/** Each event's bit (1 seen, 0 not), from the replies of `queueSeenReads`' commands, in their order. */
export function seenFlags(bitmaps: SeenBitmaps, events: number, replies: readonly unknown[]): number[] {
  const seen = new Array<number>(events).fill(0);
  let r = 0;
  for (const { index } of bitmaps.values()) {
    const values = replies[r++] as number[];
    index.forEach((i, j) => (seen[i] = Number(values[j])));
  }
  return seen;
}

/** Queues the writes that mark the events seen: one BITFIELD per bitmap. */
export function queueSeenWrites(transaction: ChainableCommander, bitmaps: SeenBitmaps): void {
  for (const [key, { bits }] of bitmaps) transaction.call('BITFIELD', bitfield(key, bits, 'SET'));
}
