import fs from 'node:fs';
import { replenishmentOrderSchema, type ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import type { ReplenishmentFeed } from './replenishment-feed';

interface Entry {
  /** The event time the order was taken in at: the `until` of its poll. */
  at: number;
  order: ReplenishmentOrder;
}

/**
 * The orders a Kafka-fed run took in, and at which event time, one JSON line each. A
 * restarted run regenerates from its start and the journals skip by seq what was sent,
 * so it must take in the same orders at the same points to make the same events again:
 * it replays the log first. New orders from `inner` are taken in only past `frontier`,
 * the event time the run had reached when this process started (before it, the
 * regenerated events were sent already without them), and each is written and synced
 * before the simulation sees it.
 */
export class OrderLog implements ReplenishmentFeed {
  private readonly replay: Entry[];
  private replayed = 0;
  private readonly fd: number;
  private lastAt: number;

  constructor(
    file: string,
    private readonly inner: ReplenishmentFeed,
    private readonly frontier: number,
  ) {
    this.replay = readEntries(file);
    this.lastAt = this.replay.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
    this.fd = fs.openSync(file, 'a');
  }

  poll(until: number): ReplenishmentOrder[] {
    const taken: ReplenishmentOrder[] = [];
    while (this.replayed < this.replay.length && this.replay[this.replayed]!.at <= until) taken.push(this.replay[this.replayed++]!.order);
    if (until <= this.frontier || until <= this.lastAt) return taken;
    const fresh = this.inner.poll(until);
    if (fresh.length > 0) {
      fs.writeSync(this.fd, fresh.map((order) => `${JSON.stringify({ at: until, order } satisfies Entry)}\n`).join(''));
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
function readEntries(file: string): Entry[] {
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
      const raw = JSON.parse(line) as { at: number; order: unknown };
      return { at: raw.at, order: replenishmentOrderSchema.parse(raw.order) };
    });
}
