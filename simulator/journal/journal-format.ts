/**
 * The on-disk format of a source journal (see source-journal.ts): segment files named by
 * their first seq, one record per line `<crc32 hex>\t<seq>\t<topic>\t<key as JSON>\t<value>`
 * with the CRC over everything after the first tab, and the helpers that read them.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

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

export const DEFAULTS = { segmentBytes: 64 * 1024 * 1024, windowBytes: 1024 * 1024, fsync: true, fsyncCursor: false, cursorIntervalMs: 250 };

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

export const SEGMENT_RE = /^(\d{16})\.ndjson$/;
export const TOPIC_RE = /^[A-Za-z0-9._-]{1,249}$/;
export const CURSOR = 'cursor.json';
export const NL = 0x0a;
/** Per-record overhead counted in memory sizes (object, array slot). */
const RECORD_OVERHEAD = 64;

/** What a record counts for in byte limits: roughly its size on the wire and in memory. */
export function recordBytes(r: JournalRecord): number {
  return r.value.length + r.key.length + r.topic.length + RECORD_OVERHEAD;
}

export const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(16, '0')}.ndjson`;

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
export const crc32: (s: string) => number = typeof zlib.crc32 === 'function' ? (s) => zlib.crc32(s) : crc32Fallback;
export const crcHex = (s: string) => crc32(s).toString(16).padStart(8, '0');

export interface ParsedLine {
  seq: number;
  topic: string;
  key: string;
  value: string;
  /** The text the CRC covers, for recovery checks. */
  body: string;
  crc: number;
}

/** Splits one line (without its "\n"); undefined when it does not have the shape of a record. */
export function parseLine(line: string): ParsedLine | undefined {
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

export interface Segment {
  firstSeq: number;
  file: string;
}

/** Calls `fn` for each complete line of a file from `start`, reading `chunk` bytes at a time. */
export function forEachLine(
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

/** A record as one journal line, with its checksum. */
export function encodeLine(r: JournalRecord): string {
  const body = `${r.seq}\t${r.topic}\t${JSON.stringify(r.key)}\t${r.value}`;
  return `${crcHex(body)}\t${body}\n`;
}
