import fs from 'node:fs';
import type { Feed } from './feed';

export interface FeedLogFormat<T> {
  /** The field of each JSON line that holds the item (`{"at":…,"<key>":…}`). */
  key: string;
  /** Checks an item read back from the log (throws when it is not one). */
  parse: (raw: unknown) => T;
}

/**
 * What a Kafka-fed run took in from a feed, and at which event time, one JSON line each. A
 * restarted run regenerates from its start and the journals skip by seq what was sent, so
 * it must take in the same items at the same points to make the same events again: it
 * replays the log first. New items from `inner` are taken in only past `frontier`, the
 * event time the run had reached when this process started (before it, the regenerated
 * events were sent already without them), and each is written and synced before the
 * simulation sees it. Polls may come with an `until` below an earlier one (several
 * sources poll at their own clocks): such a poll takes nothing new in.
 */
export class FeedLog<T> implements Feed<T> {
  private readonly replay: { at: number; item: T }[];
  private replayed = 0;
  private readonly fd: number;
  private lastAt: number;

  constructor(
    file: string,
    private readonly inner: Feed<T>,
    private readonly frontier: number,
    private readonly format: FeedLogFormat<T>,
  ) {
    this.replay = readEntries(file, format);
    this.lastAt = this.replay.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
    this.fd = fs.openSync(file, 'a');
  }

  poll(until: number): T[] {
    const taken: T[] = [];
    while (this.replayed < this.replay.length && this.replay[this.replayed]!.at <= until) taken.push(this.replay[this.replayed++]!.item);
    if (until <= this.frontier || until <= this.lastAt) return taken;
    const fresh = this.inner.poll(until);
    if (fresh.length > 0) {
      fs.writeSync(this.fd, fresh.map((item) => `${JSON.stringify({ at: until, [this.format.key]: item })}\n`).join(''));
      fs.fsyncSync(this.fd);
      this.lastAt = until;
    }
    return taken.concat(fresh);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The log's entries; a line torn by a crash (never synced, so never used) is cut off. */
function readEntries<T>(file: string, format: FeedLogFormat<T>): { at: number; item: T }[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) fs.truncateSync(file, Buffer.byteLength(text.slice(0, end)));
  return text
    .slice(0, end)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const raw = JSON.parse(line) as Record<string, unknown> & { at: number };
      return { at: raw.at, item: format.parse(raw[format.key]) };
    });
}
