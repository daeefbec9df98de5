import { describe, expect, it } from 'vitest';
import { SEEN_CHUNK_BITS, redisKeys } from '../../lib/redis-keys';
import type { ChainableCommander } from 'ioredis';
import { byteRanges, isSet, queueSeenBitReads, seenBitmaps, seenOnce } from './seen-bitmaps';

describe('seen bits by bitmap', () => {
  it("groups events by their seen bitmap, with each one's bit as aggSeen has it", () => {
    const events = [
      { source: 'A', seq: 5 },
      { source: 'B', seq: 1 },
      { source: 'A', seq: SEEN_CHUNK_BITS + 2 },
      { source: 'A', seq: 6 },
    ];
    const maps = seenBitmaps(events, redisKeys.aggSeenChunk);
    expect(maps).toEqual([
      { key: redisKeys.aggSeen('A', 5).key, events: [0, 3], bits: [5, 6] },
      { key: redisKeys.aggSeen('A', SEEN_CHUNK_BITS + 2).key, events: [2], bits: [2] },
      { key: redisKeys.aggSeen('B', 1).key, events: [1], bits: [1] },
    ]);
    for (const m of maps) m.events.forEach((e, j) => expect(m.bits[j]).toBe(redisKeys.aggSeen(events[e]!.source, events[e]!.seq).bit));
  });

  it('reads clusters of bits with one range each, and far apart ones apart', () => {
    expect(byteRanges([17, 3, 100])).toEqual([{ from: 0, to: 12 }]);
    expect(byteRanges([8 * 10_000, 3, 9])).toEqual([
      { from: 0, to: 1 },
      { from: 10_000, to: 10_000 },
    ]);
  });

  it('reads a bit as SETBIT numbers them, and bits past a short bitmap as 0', () => {
    const reads = [
      { from: 0, bytes: Buffer.from([0b1000_0001]) },
      { from: 10_000, bytes: Buffer.from([0b0100_0000]) },
    ];
    expect([0, 1, 7, 8, 80_000, 80_001, 80_009].map((b) => isSet(reads, b))).toEqual([true, false, true, false, false, true, false]);
  });

  it('queues one GETRANGE per cluster and reads the replies back in that order, before the caller’s own', () => {
    const queued: [string, number, number][] = [];
    const p = { getrangeBuffer: (key: string, from: number, to: number) => queued.push([key, from, to]) } as unknown as ChainableCommander;
    const events = [
      { source: 'A', seq: 9 },
      { source: 'B', seq: 3 },
      { source: 'A', seq: 8 },
    ];
    const seenOf = queueSeenBitReads(p, events, redisKeys.aggSeenChunk);
    expect(queued).toEqual([
      [redisKeys.aggSeen('A', 9).key, 1, 1],
      [redisKeys.aggSeen('B', 3).key, 0, 0],
    ]);
    // A's byte 1 has bit 9 set (0b01000000), B's byte 0 has nothing; then the caller's reply.
    const answers: unknown[] = [Buffer.from([0b0100_0000]), Buffer.from([0]), 'mine'];
    let i = 0;
    const next = <T>() => answers[i++] as T;
    expect(seenOf(next)).toEqual([true, false, false]);
    expect(next<string>()).toBe('mine');
  });

  it('guards a batch with its bits checked 0 and set with the writes', () => {
    const events = [
      { source: 'A', seq: 5 },
      { source: 'A', seq: 6 },
    ];
    const key = redisKeys.excSeenChunk('A', 0);
    expect(seenOnce(events, redisKeys.excSeenChunk)).toEqual({ checks: [{ op: 'bits0', key, bits: [5, 6] }], writes: [{ op: 'setbits', key, bits: [5, 6] }] });
  });
});
