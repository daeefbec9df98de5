/**
 * The durable local journal of one event source (a till, the web shop, a warehouse, an
 * HQ system), as a real till keeps one: every event is written here first and sent to
 * Kafka afterwards, so an unreachable broker never stops the selling and never loses
 * an event.
 *
 * Durability, step by step:
 * - `append()` only checks and buffers in memory (seq must continue `lastSeq + 1`). A
 *   crash loses what was appended and not yet synced; none of it was ever sent, so the
 *   source may reuse those seqs after a restart without a conflict on the wire.
 * - `sync()` writes the buffer with one write per segment file and one `fdatasync` (and
 *   an fsync of the directory when a segment was created). When it resolves, the records
 *   survive a kill -9 and a power cut. Only synced ("durable") records are ever handed
 *   out by `pending()`, so nothing reaches Kafka that a crash could take back.
 *   (`fsync: false` skips the fdatasync: then they survive a kill -9, not a power cut.)
 * - `ack(seq)` records that Kafka has everything up to `seq`: the cursor file is replaced
 *   atomically (write `cursor.json.tmp`, rename). It is not fsynced unless `fsyncCursor`
 *   is set: after a power cut it may be older than the last ack, and those records are
 *   then sent again, byte for byte (same id, same seq): a duplicate that consumers drop
 *   by (source, seq), never a loss. Segment files whose records are all acked are deleted.
 *
 * On disk, under `<dir>/<encoded source>/`: segment files `<first seq, 16 digits>.ndjson`
 * of up to `segmentBytes`, one record per line
 * (`<crc32 hex>\t<seq>\t<topic>\t<key as JSON>\t<value>`), the CRC over everything after
 * the first tab; `cursor.json` with the acked seq; `journal.pid`, a lock against a second
 * process on the same journal.
 *
 * Recovery (`open`): the last segment is checked line by line (CRC, seq continuity). A
 * torn or zero-filled tail, what a kill -9 or a power cut leaves behind mid-write, is cut
 * off and the journal continues after the last intact record. An invalid line followed
 * by intact ones is not a torn write but damage: `JournalCorruptError`, nothing is cut.
 * A segment is fdatasynced before the next one is started, so only the last can be torn.
 *
 * Order: seqs are contiguous per source, files are append-only, `pending()` hands out
 * records strictly in seq order from `ackedSeq + 1`, and `ack` only moves forward.
 *
 * Memory stays bounded with any backlog: besides the not-yet-synced buffer, only a window
 * of the most recent durable records (`windowBytes`) is kept; older unacked records are
 * read back from the segment files by `pending()` (one read per call, position cached).
 */
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { LockHeldError, claimPidLock } from '../../lib/pid-lock';

export interface JournalRecord {
  seq: number;
  topic: string;
  key: string;
  /** The event JSON, exactly as it will be sent (one line: no "\n"). */
  value: string;
}

export interface SourceJournalOptions {
  /** A new segment file is started once the current one holds this much. Default 64 MiB. */
  segmentBytes?: number;
  /** Recent durable records kept in memory for `pending()`, in bytes. Default 1 MiB. */
  windowBytes?: number;
  /** fdatasync in `sync()`. Default true; false survives a kill -9 but not a power cut. */
  fsync?: boolean;
  /** fsync the cursor file and directory in `ack()`. Default false (see the top of the file). */
  fsyncCursor?: boolean;
  /**
   * At most one cursor write per this many ms; acks in between are coalesced into the
   * next write. Default 250. A crash resends at most about this much of acked records.
   */
  cursorIntervalMs?: number;
}

export interface JournalStats {
  lastSeq: number;
  durableSeq: number;
  ackedSeq: number;
  /** Appended, not yet synced. */
  bufferedRecords: number;
  /** Durable records held in memory (the window). */
  windowRecords: number;
  windowBytes: number;
  segments: number;
  /** Reads of segment files by `pending()` (records older than the window). */
  diskReads: number;
}

export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`journal segment ${file} is damaged at byte ${offset} (${detail}); intact records follow, so it is not a torn write`);
    this.name = 'JournalCorruptError';
  }
}

const DEFAULTS = { segmentBytes: 64 * 1024 * 1024, windowBytes: 1024 * 1024, fsync: true, fsyncCursor: false, cursorIntervalMs: 250 };
const SEGMENT_RE = /^(\d{16})\.ndjson$/;
const TOPIC_RE = /^[A-Za-z0-9._-]{1,249}$/;
const CURSOR = 'cursor.json';
const NL = 0x0a;
/** Per-record overhead counted in memory sizes (object, array slot). */
const RECORD_OVERHEAD = 64;

/** What a record counts for in byte limits: roughly its size on the wire and in memory. */
export function recordBytes(r: JournalRecord): number {
  return r.value.length + r.key.length + r.topic.length + RECORD_OVERHEAD;
}

const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(16, '0')}.ndjson`;

// --- CRC-32 (IEEE): zlib's native one where Node has it (20.15+), a table otherwise.
let crcTable: Int32Array | undefined;
function crc32Fallback(s: string): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  const bytes = Buffer.from(s, 'utf8');
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
const crc32: (s: string) => number = typeof zlib.crc32 === 'function' ? (s) => zlib.crc32(s) : crc32Fallback;
const crcHex = (s: string) => crc32(s).toString(16).padStart(8, '0');

interface ParsedLine {
  seq: number;
  topic: string;
  key: string;
  value: string;
  /** The text the CRC covers, for recovery checks. */
  body: string;
  crc: number;
}

/** Splits one line (without its "\n"); undefined when it does not have the shape of a record. */
function parseLine(line: string): ParsedLine | undefined {
  const t1 = line.indexOf('\t');
  const t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
  const t3 = t2 < 0 ? -1 : line.indexOf('\t', t2 + 1);
  const t4 = t3 < 0 ? -1 : line.indexOf('\t', t3 + 1);
  if (t1 !== 8 || t4 < 0) return undefined;
  const crc = Number.parseInt(line.slice(0, 8), 16);
  const seq = Number(line.slice(t1 + 1, t2));
  const keyJson = line.slice(t3 + 1, t4);
  if (!Number.isSafeInteger(seq) || Number.isNaN(crc) || keyJson.length < 2 || keyJson[0] !== '"') return undefined;
  let key: string;
  if (keyJson.includes('\\')) {
    try {
      key = JSON.parse(keyJson) as string;
    } catch {
      return undefined;
    }
  } else key = keyJson.slice(1, -1);
  return { seq, topic: line.slice(t2 + 1, t3), key, value: line.slice(t4 + 1), body: line.slice(t1 + 1), crc };
}

interface Segment {
  firstSeq: number;
  file: string;
}

/** Calls `fn` for each complete line of a file from `start`, reading `chunk` bytes at a time. */
function forEachLine(
  fd: number,
  start: number,
  chunk: number,
  fn: (buf: Buffer, from: number, to: number, offset: number) => boolean,
): { end: number; size: number } {
  const size = fs.fstatSync(fd).size;
  let buf = Buffer.allocUnsafe(chunk);
  let offset = start;
  while (offset < size) {
    const want = Math.min(buf.length, size - offset);
    const got = fs.readSync(fd, buf, 0, want, offset);
    if (got <= 0) break;
    let p = 0;
    for (;;) {
      const nl = buf.indexOf(NL, p);
      if (nl < 0 || nl >= got) break;
      if (!fn(buf, p, nl, offset + p)) return { end: offset + p, size };
      p = nl + 1;
    }
    if (p === 0) {
      if (offset + got >= size) break; // the rest has no "\n": a torn tail
      buf = Buffer.allocUnsafe(buf.length * 2); // one line longer than the buffer
      continue;
    }
    offset += p;
  }
  return { end: offset, size };
}

export class SourceJournal {
  private static readonly openDirs = new Set<string>();

  readonly source: string;
  /** This source's folder: `<dir>/<encoded source>`. */
  readonly dir: string;

  private readonly opts: Required<SourceJournalOptions>;
  private readonly releaseLock: () => void;
  private readonly segments: Segment[];
  private fh?: FileHandle;
  /** Size of the last segment, and the seq its next record must have. */
  private activeBytes: number;
  private activeNextSeq: number;

  private _lastSeq: number;
  private _durableSeq: number;
  private _ackedSeq: number;
  private persistedAck: number;

  private buf: string[] = [];
  private bufRecs: JournalRecord[] = [];

  /** Durable records [winFirstSeq, durableSeq], oldest first from win[winHead]. */
  private win: JournalRecord[] = [];
  private winHead = 0;
  private winFirstSeq: number;
  private winBytes = 0;

  private syncChain: Promise<void> = Promise.resolve();
  private cursorLoop?: Promise<void>;
  private lastCursorWrite = 0;
  private closing = false;
  private failed?: Error;
  private closed = false;

  private readHandle?: { firstSeq: number; fd: number };
  private readPos?: { seq: number; firstSeq: number; offset: number };
  private readBuf = Buffer.allocUnsafe(64 * 1024);
  private diskReads = 0;
  private readonly knownTopics = new Set<string>();

  private constructor(init: {
    source: string;
    dir: string;
    opts: Required<SourceJournalOptions>;
    releaseLock: () => void;
    segments: Segment[];
    activeBytes: number;
    activeNextSeq: number;
    lastSeq: number;
    ackedSeq: number;
  }) {
    this.source = init.source;
    this.dir = init.dir;
    this.opts = init.opts;
    this.releaseLock = init.releaseLock;
    this.segments = init.segments;
    this.activeBytes = init.activeBytes;
    this.activeNextSeq = init.activeNextSeq;
    this._lastSeq = init.lastSeq;
    this._durableSeq = init.lastSeq;
    this._ackedSeq = init.ackedSeq;
    this.persistedAck = init.ackedSeq;
    this.winFirstSeq = init.lastSeq + 1;
  }

  /** Opens the journal of `source` under `dir`, creating it, or recovering it after a crash. */
  static async open(dir: string, source: string, options: SourceJournalOptions = {}): Promise<SourceJournal> {
    if (typeof source !== 'string' || source === '' || source === '.' || source === '..' || source.length > 200) {
      throw new Error(`invalid journal source ${JSON.stringify(source)}`);
    }
    const opts = { ...DEFAULTS, ...options };
    if (!(opts.segmentBytes >= 4096)) throw new Error('segmentBytes must be at least 4096');
    const sdir = path.resolve(dir, encodeURIComponent(source));
    if (SourceJournal.openDirs.has(sdir)) throw new Error(`journal ${sdir} is already open in this process`);
    // New folders must themselves survive a power cut, not only the files in them:
    // fsync the parent of each folder mkdir created, from the first one down.
    const firstCreated = await fsp.mkdir(sdir, { recursive: true });
    if (firstCreated !== undefined && opts.fsync) {
      for (let d = sdir; ; d = path.dirname(d)) {
        await fsyncDir(path.dirname(d));
        if (d === path.resolve(firstCreated) || path.dirname(d) === d) break;
      }
    }
    let releaseLock: () => void;
    try {
      releaseLock = claimPidLock(path.join(sdir, 'journal.pid'));
    } catch (err) {
      if (err instanceof LockHeldError) throw new Error(`journal ${sdir} is in use by process ${err.ownerPid}`);
      throw err;
    }
    SourceJournal.openDirs.add(sdir);
    try {
      const state = await recover(sdir);
      return new SourceJournal({ source, dir: sdir, opts, releaseLock, ...state });
    } catch (err) {
      SourceJournal.openDirs.delete(sdir);
      releaseLock();
      throw err;
    }
  }

  /** Highest seq ever appended (0 if none); after a restart, the last durable one. */
  get lastSeq(): number {
    return this._lastSeq;
  }

  /** Highest seq made durable by `sync()`. */
  get durableSeq(): number {
    return this._durableSeq;
  }

  /** Highest seq acknowledged by Kafka. */
  get ackedSeq(): number {
    return this._ackedSeq;
  }

  /** Durable records not yet acknowledged: what `pending()` can hand out. */
  get pendingCount(): number {
    return this._durableSeq - this._ackedSeq;
  }

  /** Everything appended and not yet acknowledged (synced or not): the backlog. */
  get backlog(): number {
    return this._lastSeq - this._ackedSeq;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  stats(): JournalStats {
    return {
      lastSeq: this._lastSeq,
      durableSeq: this._durableSeq,
      ackedSeq: this._ackedSeq,
      bufferedRecords: this.bufRecs.length,
      windowRecords: this.win.length - this.winHead,
      windowBytes: this.winBytes,
      segments: this.segments.length,
      diskReads: this.diskReads,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`journal ${this.source} is closed`);
  }

  /** After a failed write nothing more is appended: what is durable can still be sent and acked. */
  private assertWritable(): void {
    this.assertOpen();
    if (this.failed) throw new Error(`journal ${this.source} failed (${this.failed.message}); close it and open it again`);
  }

  /**
   * Buffers records; they must continue `lastSeq + 1, + 2, …`. Checks everything before
   * taking anything: a bad batch throws and leaves the journal as it was.
   */
  append(records: JournalRecord[]): void {
    this.assertWritable();
    const first = this._lastSeq + 1;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.seq !== first + i) {
        throw new Error(`journal ${this.source}: record ${i} has seq ${r.seq}, expected ${first + i} (seqs must continue ${this._lastSeq})`);
      }
      if (!this.knownTopics.has(r.topic)) {
        if (typeof r.topic !== 'string' || !TOPIC_RE.test(r.topic)) throw new Error(`journal ${this.source}: invalid topic ${JSON.stringify(r.topic)}`);
        this.knownTopics.add(r.topic);
      }
      if (typeof r.key !== 'string') throw new Error(`journal ${this.source}: seq ${r.seq} has no string key`);
      if (typeof r.value !== 'string' || r.value.includes('\n')) {
        throw new Error(`journal ${this.source}: seq ${r.seq} value must be a one-line string (compact JSON)`);
      }
    }
    for (const r of records) {
      const body = `${r.seq}\t${r.topic}\t${JSON.stringify(r.key)}\t${r.value}`;
      this.buf.push(`${crcHex(body)}\t${body}\n`);
      this.bufRecs.push({ seq: r.seq, topic: r.topic, key: r.key, value: r.value });
    }
    this._lastSeq += records.length;
  }

  /** Makes every record appended so far durable. Concurrent calls are serialised. */
  sync(): Promise<void> {
    const next = this.syncChain.then(() => this.writeBuffered());
    this.syncChain = next.catch(() => undefined);
    return next;
  }

  private async writeBuffered(): Promise<void> {
    if (this.closed && this.bufRecs.length > 0) throw new Error(`journal ${this.source} is closed`);
    if (this.failed) throw new Error(`journal ${this.source} failed (${this.failed.message}); close it and open it again`);
    const recs = this.bufRecs;
    const lines = this.buf;
    if (recs.length === 0) return;
    this.bufRecs = [];
    this.buf = [];
    try {
      let dirChanged = false;
      let i = 0;
      while (i < recs.length) {
        const seq = recs[i]!.seq;
        const full = this.activeBytes > 0 && this.activeBytes >= this.opts.segmentBytes;
        if (!this.fh || full || this.activeNextSeq !== seq) {
          dirChanged = (await this.openForWrite(seq)) || dirChanged;
        }
        const room = this.opts.segmentBytes - this.activeBytes;
        let j = i;
        let est = 0;
        do {
          est += lines[j]!.length;
          j++;
        } while (j < recs.length && est + lines[j]!.length <= room);
        const chunk = Buffer.from(j - i === lines.length ? lines.join('') : lines.slice(i, j).join(''), 'utf8');
        let written = 0;
        while (written < chunk.length) {
          const { bytesWritten } = await this.fh!.write(chunk, written, chunk.length - written);
          written += bytesWritten;
        }
        this.activeBytes += chunk.length;
        this.activeNextSeq = recs[j - 1]!.seq + 1;
        i = j;
      }
      if (this.opts.fsync) {
        await this.fh!.datasync();
        if (dirChanged) await fsyncDir(this.dir);
      }
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
    this._durableSeq = recs[recs.length - 1]!.seq;
    for (const r of recs) {
      this.win.push(r);
      this.winBytes += recordBytes(r);
    }
    this.trimWindow();
  }

  /** Continues the last segment if it ends just before `seq`, else starts one; true if a file was created. */
  private async openForWrite(seq: number): Promise<boolean> {
    const last = this.segments.at(-1);
    if (!this.fh && last && this.activeNextSeq === seq && this.activeBytes < this.opts.segmentBytes) {
      this.fh = await fsp.open(path.join(this.dir, last.file), 'a');
      return false;
    }
    if (this.fh) {
      // Everything before a new segment is on disk first: only the last segment can be torn.
      if (this.opts.fsync) await this.fh.datasync();
      await this.fh.close();
      this.fh = undefined;
    }
    const file = segmentName(seq);
    this.fh = await fsp.open(path.join(this.dir, file), 'ax');
    this.segments.push({ firstSeq: seq, file });
    this.activeBytes = 0;
    this.activeNextSeq = seq;
    return true;
  }

  /** Drops acked records and, beyond `windowBytes`, the oldest ones (they stay on disk). */
  private trimWindow(): void {
    while (this.winHead < this.win.length) {
      const r = this.win[this.winHead]!;
      if (r.seq > this._ackedSeq && this.winBytes <= this.opts.windowBytes) break;
      this.winBytes -= recordBytes(r);
      this.winHead++;
    }
    this.winFirstSeq = this.winHead < this.win.length ? this.win[this.winHead]!.seq : this._durableSeq + 1;
    if (this.winHead === this.win.length) {
      this.win = [];
      this.winHead = 0;
      this.winBytes = 0;
    } else if (this.winHead > 4096 && this.winHead * 2 > this.win.length) {
      this.win = this.win.slice(this.winHead);
      this.winHead = 0;
    }
  }

  /**
   * Unacknowledged durable records from `ackedSeq + 1`, in seq order, at most
   * `maxRecords` and `maxBytes` (by `recordBytes`; at least one record when any is
   * pending). Calling it again before an ack returns the same records.
   */
  pending(maxRecords: number, maxBytes: number): JournalRecord[] {
    this.assertOpen();
    const out: JournalRecord[] = [];
    let seq = this._ackedSeq + 1;
    const last = this._durableSeq;
    if (seq > last || maxRecords <= 0) return out;
    let bytes = 0;
    if (seq < this.winFirstSeq) {
      bytes = this.readFromDisk(seq, Math.min(last, this.winFirstSeq - 1), maxRecords, maxBytes, out);
      seq += out.length;
    }
    if (seq < this.winFirstSeq) return out; // the disk read stopped at a limit
    let idx = this.winHead + (seq - this.winFirstSeq);
    while (seq <= last && out.length < maxRecords) {
      const r = this.win[idx]!;
      const b = recordBytes(r);
      if (out.length > 0 && bytes + b > maxBytes) break;
      out.push(r);
      bytes += b;
      seq++;
      idx++;
    }
    return out;
  }

  private readFromDisk(from: number, to: number, maxRecords: number, maxBytes: number, out: JournalRecord[]): number {
    this.diskReads++;
    let { segIdx, offset } = this.locate(from);
    let seq = from;
    let bytes = 0;
    while (seq <= to && out.length < maxRecords && (out.length === 0 || bytes < maxBytes)) {
      const seg = this.segments[segIdx];
      if (!seg) throw new Error(`journal ${this.source}: record ${seq} is missing on disk`);
      const segLast = segIdx + 1 < this.segments.length ? this.segments[segIdx + 1]!.firstSeq - 1 : this._durableSeq;
      if (seq > segLast) {
        segIdx++;
        offset = 0;
        continue;
      }
      const fd = this.readFd(seg);
      const want = Math.min(Math.max(64 * 1024, maxBytes - bytes + 16 * 1024), 16 * 1024 * 1024);
      if (this.readBuf.length < want) this.readBuf = Buffer.allocUnsafe(want);
      const buf = this.readBuf;
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
        this.readBuf = Buffer.allocUnsafe(this.readBuf.length * 2); // one record longer than the buffer
        continue;
      }
      offset += p;
    }
    const seg = this.segments[segIdx];
    this.readPos = seg ? { seq, firstSeq: seg.firstSeq, offset } : undefined;
    return bytes;
  }

  /** Where record `seq` starts: the cached position after the last read, or a scan of its segment. */
  private locate(seq: number): { segIdx: number; offset: number } {
    const rp = this.readPos;
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
      forEachLine(this.readFd(seg), 0, 1024 * 1024, (_buf, from, to, lineStart) => {
        offset = lineStart + (to - from) + 1;
        return --skip > 0;
      });
      if (skip > 0) throw new Error(`journal ${this.source}: ${seg.file} ends before seq ${seq}`);
    }
    return { segIdx: lo, offset };
  }

  private readFd(seg: Segment): number {
    if (this.readHandle?.firstSeq === seg.firstSeq) return this.readHandle.fd;
    this.closeReadFd();
    const fd = fs.openSync(path.join(this.dir, seg.file), 'r');
    this.readHandle = { firstSeq: seg.firstSeq, fd };
    return fd;
  }

  private closeReadFd(): void {
    if (this.readHandle) fs.closeSync(this.readHandle.fd);
    this.readHandle = undefined;
  }

  /**
   * Records that Kafka has every record up to `uptoSeq` (only durable ones can be acked).
   * The in-memory cursor moves at once (before this returns), so `pending()` continues
   * after it; the promise resolves when the cursor file says so too (writes are
   * coalesced, at most one per `cursorIntervalMs`) and fully acked segment files are
   * deleted. Moving backwards is a no-op.
   */
  async ack(uptoSeq: number): Promise<void> {
    this.assertOpen();
    if (!Number.isSafeInteger(uptoSeq)) throw new Error(`journal ${this.source}: ack(${uptoSeq}) is not a seq`);
    if (uptoSeq > this._durableSeq) {
      throw new Error(`journal ${this.source}: ack(${uptoSeq}) beyond the durable seq ${this._durableSeq}`);
    }
    if (uptoSeq > this._ackedSeq) {
      this._ackedSeq = uptoSeq;
      this.trimWindow();
    }
    while (this.persistedAck < this._ackedSeq) await this.persistCursor();
  }

  /** One writer of the cursor at a time; it writes the latest ack until none is newer. */
  private persistCursor(): Promise<void> {
    this.cursorLoop ??= (async () => {
      while (this.persistedAck < this._ackedSeq) {
        const wait = this.lastCursorWrite + this.opts.cursorIntervalMs - Date.now();
        if (wait > 0 && !this.closing) await new Promise((r) => setTimeout(r, wait));
        this.lastCursorWrite = Date.now();
        const acked = this._ackedSeq;
        await writeFileAtomic(this.dir, CURSOR, `${JSON.stringify({ source: this.source, ackedSeq: acked })}\n`, this.opts.fsyncCursor);
        this.persistedAck = acked;
        await this.deleteAckedSegments();
      }
    })().finally(() => {
      this.cursorLoop = undefined;
    });
    return this.cursorLoop;
  }

  /** Deletes segments before the last whose every record is acked (the cursor says so on disk). */
  private async deleteAckedSegments(): Promise<void> {
    while (this.segments.length > 1 && this.segments[1]!.firstSeq - 1 <= this.persistedAck) {
      const seg = this.segments.shift()!;
      if (this.readHandle?.firstSeq === seg.firstSeq) this.closeReadFd();
      if (this.readPos?.firstSeq === seg.firstSeq) this.readPos = undefined;
      await fsp.rm(path.join(this.dir, seg.file), { force: true });
    }
  }

  /** Syncs what is buffered, waits for the cursor, closes the files and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    let error: unknown;
    try {
      if (!this.failed) await this.sync();
      await this.syncChain;
      while (this.cursorLoop) await this.cursorLoop.catch(() => undefined);
    } catch (err) {
      error = err;
    }
    this.closed = true;
    this.closeReadFd();
    await this.fh?.close().catch(() => undefined);
    this.fh = undefined;
    this.win = [];
    this.winHead = 0;
    this.winBytes = 0;
    SourceJournal.openDirs.delete(this.dir);
    this.releaseLock();
    if (error) throw error;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const h = await fsp.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function writeFileAtomic(dir: string, name: string, text: string, durable: boolean): Promise<void> {
  const tmp = path.join(dir, `${name}.tmp`);
  const h = await fsp.open(tmp, 'w');
  try {
    await h.writeFile(text);
    if (durable) await h.datasync();
  } finally {
    await h.close();
  }
  await fsp.rename(tmp, path.join(dir, name));
  if (durable) await fsyncDir(dir);
}

/**
 * What `open` finds on disk: the segments, the acked seq, and the last intact record
 * (the last segment is checked and a torn tail cut off).
 */
async function recover(dir: string): Promise<{
  segments: Segment[];
  activeBytes: number;
  activeNextSeq: number;
  lastSeq: number;
  ackedSeq: number;
}> {
  await fsp.rm(path.join(dir, `${CURSOR}.tmp`), { force: true });
  const segments: Segment[] = (await fsp.readdir(dir))
    .map((file) => ({ file, m: SEGMENT_RE.exec(file) }))
    .filter((f) => f.m)
    .map((f) => ({ file: f.file, firstSeq: Number(f.m![1]) }))
    .filter((s) => s.firstSeq >= 1)
    .sort((a, b) => a.firstSeq - b.firstSeq);

  let cursorAck: number | undefined;
  try {
    const raw = JSON.parse(await fsp.readFile(path.join(dir, CURSOR), 'utf8')) as { ackedSeq?: unknown };
    if (Number.isSafeInteger(raw.ackedSeq) && (raw.ackedSeq as number) >= 0) cursorAck = raw.ackedSeq as number;
  } catch {
    // Missing (new journal) or unreadable (a power cut without fsyncCursor): see below.
  }

  let lastSeq = 0;
  let activeBytes = 0;
  let activeNextSeq = 0;
  while (segments.length > 0) {
    const seg = segments.at(-1)!;
    const file = path.join(dir, seg.file);
    const { count, validBytes, size } = checkSegment(file, seg.firstSeq);
    if (validBytes < size) {
      const h = await fsp.open(file, 'r+');
      try {
        await h.truncate(validBytes);
        await h.datasync();
      } finally {
        await h.close();
      }
    }
    if (count === 0) {
      await fsp.rm(file, { force: true });
      segments.pop();
      continue;
    }
    lastSeq = seg.firstSeq + count - 1;
    activeBytes = validBytes;
    activeNextSeq = lastSeq + 1;
    break;
  }
  // Without a readable cursor, everything still on disk counts as unacked: at worst a
  // resend of identical records, never a loss (segments are deleted only after the ack).
  // A cursor older than the first segment (a power cut kept the deletion, not the
  // rename) starts at that segment.
  const firstOnDisk = segments.length > 0 ? segments[0]!.firstSeq - 1 : lastSeq;
  const ackedSeq = cursorAck === undefined ? firstOnDisk : segments.length > 0 ? Math.max(cursorAck, firstOnDisk) : cursorAck;
  lastSeq = Math.max(lastSeq, ackedSeq);
  while (segments.length > 1 && segments[1]!.firstSeq - 1 <= ackedSeq) {
    await fsp.rm(path.join(dir, segments.shift()!.file), { force: true });
  }
  return { segments, activeBytes, activeNextSeq, lastSeq, ackedSeq };
}

/** Counts the intact records of a segment from its start; throws if damage is followed by intact records. */
function checkSegment(file: string, firstSeq: number): { count: number; validBytes: number; size: number } {
  const fd = fs.openSync(file, 'r');
  try {
    let count = 0;
    let bad: { offset: number; detail: string } | undefined;
    const { end, size } = forEachLine(fd, 0, 1024 * 1024, (buf, from, to, offset) => {
      const p = parseLine(buf.toString('utf8', from, to));
      const expected = firstSeq + count;
      if (!p || p.seq !== expected || crc32(p.body) !== p.crc) {
        bad = { offset, detail: !p ? 'not a record' : p.seq !== expected ? `seq ${p.seq}, expected ${expected}` : 'checksum mismatch' };
        return false;
      }
      count++;
      return true;
    });
    const validBytes = end;
    if (bad && validBytes < size) {
      // Damage in the middle: an intact record further on means this is no torn tail.
      let intactAfter = false;
      forEachLine(fd, validBytes, 1024 * 1024, (buf, from, to) => {
        const p = parseLine(buf.toString('utf8', from, to));
        intactAfter = p !== undefined && crc32(p.body) === p.crc;
        return !intactAfter;
      });
      if (intactAfter) throw new JournalCorruptError(file, bad.offset, bad.detail);
    }
    return { count, validBytes, size };
  } finally {
    fs.closeSync(fd);
  }
}
