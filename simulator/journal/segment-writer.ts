import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './journal-files';
import { segmentName, type JournalRecord, type Segment } from './journal-format';

/**
 * Appends encoded records to a journal's segment files: continues the last segment, starts
 * a new one when it is full or seqs do not continue it (fdatasyncing the old one first, so
 * only the last can be torn), and makes each write durable with one fdatasync (plus the
 * directory when a file was created).
 */
export class SegmentWriter {
  private fh?: FileHandle;

  constructor(
    private readonly dir: string,
    /** The journal's segment list: new segments are added here. */
    private readonly segments: Segment[],
    private readonly opts: { segmentBytes: number; fsync: boolean },
    private activeBytes: number,
    private activeNextSeq: number,
  ) {}

  /** Writes `lines` (the encoded `recs`, in order) and syncs them. */
  async write(recs: JournalRecord[], lines: string[]): Promise<void> {
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

  async close(): Promise<void> {
    await this.fh?.close().catch(() => undefined);
    this.fh = undefined;
  }
}
