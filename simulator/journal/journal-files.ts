/**
 * The journal's files: atomic small writes, directory fsyncs, and the recovery that
 * `SourceJournal.open` runs: the segments, the acked seq, and the last intact record,
 * a torn tail cut off (see source-journal.ts for the guarantees).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { CURSOR, JournalCorruptError, SEGMENT_RE, crc32, forEachLine, parseLine, type Segment } from './journal-format';

export async function fsyncDir(dir: string): Promise<void> {
  const h = await fsp.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

export async function writeFileAtomic(dir: string, name: string, text: string, durable: boolean): Promise<void> {
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
export async function recover(dir: string): Promise<{
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
