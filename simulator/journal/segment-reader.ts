import fs from 'node:fs';
import path from 'node:path';
import { NL, forEachLine, parseLine, recordBytes, type JournalRecord, type Segment } from './journal-format';

/**
 * Reads records back from a journal's segment files, for `pending()` when they are older
 * than the in-memory window: one read per call, the position after it cached so the next
 * call continues without a scan, one file descriptor kept open.
 */
export class SegmentReader {
  /** Reads done (for the journal's stats). */
  reads = 0;
  private handle?: { firstSeq: number; fd: number };
  private pos?: { seq: number; firstSeq: number; offset: number };
  private buf = Buffer.allocUnsafe(64 * 1024);

  constructor(
    private readonly source: string,
    private readonly dir: string,
    /** The journal's segment list (it adds and removes segments; the reader follows). */
    private readonly segments: Segment[],
    private readonly durableSeq: () => number,
  ) {}

  /** Reads records `from`..`to` into `out`, within the limits; returns their bytes. */
  read(from: number, to: number, maxRecords: number, maxBytes: number, out: JournalRecord[]): number {
    this.reads++;
    let { segIdx, offset } = this.locate(from);
    let seq = from;
    let bytes = 0;
    while (seq <= to && out.length < maxRecords && (out.length === 0 || bytes < maxBytes)) {
      const seg = this.segments[segIdx];
      if (!seg) throw new Error(`journal ${this.source}: record ${seq} is missing on disk`);
      const segLast = segIdx + 1 < this.segments.length ? this.segments[segIdx + 1]!.firstSeq - 1 : this.durableSeq();
      if (seq > segLast) {
        segIdx++;
        offset = 0;
        continue;
      }
      const fd = this.fdOf(seg);
      const want = Math.min(Math.max(64 * 1024, maxBytes - bytes + 16 * 1024), 16 * 1024 * 1024);
      if (this.buf.length < want) this.buf = Buffer.allocUnsafe(want);
      const buf = this.buf;
      const got = fs.readSync(fd, buf, 0, want, offset);
      let p = 0;
      let took = 0;
      while (seq <= Math.min(to, segLast) && out.length < maxRecords) {
        const nl = buf.indexOf(NL, p);
        if (nl < 0 || nl >= got) break;
        const parsed = parseLine(buf.toString('utf8', p, nl));
        if (!parsed || parsed.seq !== seq) {
          throw new Error(`journal ${this.source}: ${seg.file} at byte ${offset + p} holds ${parsed ? `seq ${parsed.seq}` : 'no record'}, expected seq ${seq}`);
        }
        const r: JournalRecord = { seq, topic: parsed.topic, key: parsed.key, value: parsed.value };
        const b = recordBytes(r);
        if (out.length > 0 && bytes + b > maxBytes) break;
        out.push(r);
        bytes += b;
        took++;
        seq++;
        p = nl + 1;
      }
      if (took === 0) {
        if (out.length > 0) break; // the byte limit stopped us
        if (got < want) throw new Error(`journal ${this.source}: ${seg.file} ends before seq ${seq}`);
        this.buf = Buffer.allocUnsafe(this.buf.length * 2); // one record longer than the buffer
        continue;
      }
      offset += p;
    }
    const seg = this.segments[segIdx];
    this.pos = seg ? { seq, firstSeq: seg.firstSeq, offset } : undefined;
    return bytes;
  }

  /** Where record `seq` starts: the cached position after the last read, or a scan of its segment. */
  private locate(seq: number): { segIdx: number; offset: number } {
    const rp = this.pos;
    if (rp && rp.seq === seq) {
      const segIdx = this.segments.findIndex((s) => s.firstSeq === rp.firstSeq);
      if (segIdx >= 0) return { segIdx, offset: rp.offset };
    }
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.firstSeq <= seq) lo = mid;
      else hi = mid - 1;
    }
    const seg = this.segments[lo];
    if (!seg || seg.firstSeq > seq) throw new Error(`journal ${this.source}: no segment holds seq ${seq}`);
    // Records of a segment are contiguous from its first seq: skip that many lines.
    let skip = seq - seg.firstSeq;
    let offset = 0;
    if (skip > 0) {
      forEachLine(this.fdOf(seg), 0, 1024 * 1024, (_buf, from, to, lineStart) => {
        offset = lineStart + (to - from) + 1;
        return --skip > 0;
      });
      if (skip > 0) throw new Error(`journal ${this.source}: ${seg.file} ends before seq ${seq}`);
    }
    return { segIdx: lo, offset };
  }

  private fdOf(seg: Segment): number {
    if (this.handle?.firstSeq === seg.firstSeq) return this.handle.fd;
    this.close();
    const fd = fs.openSync(path.join(this.dir, seg.file), 'r');
    this.handle = { firstSeq: seg.firstSeq, fd };
    return fd;
  }

  close(): void {
    if (this.handle) fs.closeSync(this.handle.fd);
    this.handle = undefined;
  }


  /** A segment is deleted: let go of it. */
  forget(seg: Segment): void {
    if (this.handle?.firstSeq === seg.firstSeq) this.close();
    if (this.pos?.firstSeq === seg.firstSeq) this.pos = undefined;
  }
}
