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
import fsp from 'node:fs/promises';
import path from 'node:path';
import { LockHeldError, claimPidLock } from '../../lib/pid-lock';
import { fsyncDir, recover, writeFileAtomic } from './journal-files';
import { SegmentWriter } from './segment-writer';
import { CURSOR, DEFAULTS, TOPIC_RE, encodeLine, recordBytes, type JournalRecord, type JournalStats, type Segment, type SourceJournalOptions } from './journal-format';
import { SegmentReader } from './segment-reader';

export { JournalCorruptError, recordBytes, type JournalRecord, type JournalStats, type SourceJournalOptions } from './journal-format';


export class SourceJournal {
  private static readonly openDirs = new Set<string>();

  readonly source: string;
  /** This source's folder: `<dir>/<encoded source>`. */
  readonly dir: string;

  private readonly opts: Required<SourceJournalOptions>;
  private readonly releaseLock: () => void;
  private readonly segments: Segment[];
  private readonly writer: SegmentWriter;

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

  private readonly reader: SegmentReader;
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
    this.writer = new SegmentWriter(init.dir, this.segments, init.opts, init.activeBytes, init.activeNextSeq);
    this._lastSeq = init.lastSeq;
    this._durableSeq = init.lastSeq;
    this._ackedSeq = init.ackedSeq;
    this.persistedAck = init.ackedSeq;
    this.winFirstSeq = init.lastSeq + 1;
    this.reader = new SegmentReader(init.source, init.dir, this.segments, () => this._durableSeq);
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
      diskReads: this.reader.reads,
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
      this.buf.push(encodeLine(r));
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
      await this.writer.write(recs, lines);
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
      bytes = this.reader.read(seq, Math.min(last, this.winFirstSeq - 1), maxRecords, maxBytes, out);
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
      this.reader.forget(seg);
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
    this.reader.close();
    await this.writer.close();
    this.win = [];
    this.winHead = 0;
    this.winBytes = 0;
    SourceJournal.openDirs.delete(this.dir);
    this.releaseLock();
    if (error) throw error;
  }
}

