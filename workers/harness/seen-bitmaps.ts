import type { ChainableCommander } from 'ioredis';
import { SEEN_CHUNK_BITS } from '../../lib/redis-keys';
import type { Check, Write } from './checked-apply';

/**
 * The seen bits of a batch's events (a worker's bitmaps, e.g. redisKeys.aggSeenChunk), grouped by bitmap: a batch holds
 * a few sources, each with a run of mostly consecutive seqs, so each bitmap's key is built
 * once, its bits read with one GETRANGE and checked and set as runs (checked-apply.ts),
 * rather than one command per event.
 */
export interface SeenBitmap {
  key: string;
  /** Index of each event (in the list grouped) and its bit, in the list's order. */
  events: number[];
  bits: number[];
}

export function seenBitmaps(events: readonly { source: string; seq: number }[], chunkKey: (source: string, chunk: number) => string): SeenBitmap[] {
  const bySource = new Map<string, Map<number, SeenBitmap>>();
  for (let i = 0; i < events.length; i++) {
    const { source, seq } = events[i]!;
    const chunk = Math.floor(seq / SEEN_CHUNK_BITS);
    let chunks = bySource.get(source);
    if (!chunks) bySource.set(source, (chunks = new Map()));
    let b = chunks.get(chunk);
    if (!b) chunks.set(chunk, (b = { key: chunkKey(source, chunk), events: [], bits: [] }));
    b.events.push(i);
    b.bits.push(seq - chunk * SEEN_CHUNK_BITS);
  }
  const out: SeenBitmap[] = [];
  for (const chunks of bySource.values()) out.push(...chunks.values());
  return out;
}

/** Bits further apart than this are read with separate GETRANGEs (an old resend must not read megabytes between). */
const MAX_READ_GAP_BYTES = 4096;

/** Byte ranges (inclusive, ascending) that cover the bits, one per cluster. */
export function byteRanges(bits: readonly number[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const bit of Float64Array.from(bits).sort()) {
    const byte = Math.floor(bit / 8);
    const last = out[out.length - 1];
    if (last && byte - last.to <= MAX_READ_GAP_BYTES) last.to = byte;
    else out.push({ from: byte, to: byte });
  }
  return out;
}

/** Whether a bit is set, from the bytes read for `byteRanges` (a bitmap shorter than a range reads short: its missing bits are 0). */
export function isSet(reads: readonly { from: number; bytes: Buffer }[], bit: number): boolean {
  const byte = Math.floor(bit / 8);
  let lo = 0;
  let hi = reads.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (reads[mid]!.from <= byte) lo = mid;
    else hi = mid - 1;
  }
  const r = reads[lo];
  const b = r ? r.bytes[byte - r.from] : undefined;
  // Bit 0 is the most significant bit of byte 0, as SETBIT numbers them.
  return b !== undefined && ((b >> (7 - (bit % 8))) & 1) === 1;
}

/** A pipeline's next reply (in the order the commands were queued), failing on an error reply. */
export type NextReply = <T>() => T;

/** Runs a pipeline; returns a reader of its replies in order, throwing a reply's error (and when there are fewer replies than read). */
export async function replies(p: ChainableCommander): Promise<NextReply> {
  const res = (await p.exec()) ?? [];
  let i = 0;
  return <T>() => {
    const [err, v] = res[i++] ?? [new Error('redis pipeline returned too few replies'), null];
    if (err) throw err;
    return v as T;
  };
}

/**
 * Queues on `p` the GETRANGEs that read the batch's seen bits (one per cluster of each bitmap).
 * The function returned takes their replies through `next`, in order (so queue them before any
 * other read of the pipeline, or take those first), and says which events were applied before.
 */
export function queueSeenBitReads(p: ChainableCommander, events: readonly { source: string; seq: number }[], chunkKey: (source: string, chunk: number) => string): (next: NextReply) => boolean[] {
  const bitmaps = seenBitmaps(events, chunkKey);
  const ranges = bitmaps.map((b) => byteRanges(b.bits));
  bitmaps.forEach((b, k) => {
    for (const r of ranges[k]!) p.getrangeBuffer(b.key, r.from, r.to);
  });
  return (next) => {
    const seen = new Array<boolean>(events.length).fill(false);
    bitmaps.forEach((b, k) => {
      const reads = ranges[k]!.map((r) => ({ from: r.from, bytes: next<Buffer>() }));
      b.bits.forEach((bit, j) => (seen[b.events[j]!] = isSet(reads, bit)));
    });
    return seen;
  };
}

/**
 * What makes a batch's events applied once (checked-apply.ts): each seen bit checked still 0
 * before the batch's writes, and set to 1 with them.
 */
export function seenOnce(events: readonly { source: string; seq: number }[], chunkKey: (source: string, chunk: number) => string): { checks: Check[]; writes: Write[] } {
  const checks: Check[] = [];
  const writes: Write[] = [];
  for (const b of seenBitmaps(events, chunkKey)) {
    checks.push({ op: 'bits0', key: b.key, bits: b.bits });
    writes.push({ op: 'setbits', key: b.key, bits: b.bits });
  }
  return { checks, writes };
}

/**
 * Which of a batch's events to apply: those not applied before (`seen`: their bits as
 * read), and of a source's seq twice in the batch (a resend close behind), the first.
 */
export function firstUnseen(rows: readonly { source: string; seq: number }[], seen: readonly boolean[]): boolean[] {
  const inBatch = new Map<string, Set<number>>();
  return rows.map((r, i) => {
    let seqs = inBatch.get(r.source);
    if (!seqs) inBatch.set(r.source, (seqs = new Set()));
    if (seen[i] || seqs.has(r.seq)) return false;
    seqs.add(r.seq);
    return true;
  });
}
