import type { TillstreamEvent } from '../../lib/contract/catalog';
import { messageKey, topicOf } from '../../lib/contract/routing';
import { envelopeJson } from './envelope-json';
import { MinHeap } from './min-heap';
import type { Emitted, SimEvent, SimSource } from './sim-event';

interface Head {
  source: SimSource;
  order: number;
  seq: number;
  event: SimEvent;
  /** The source has nothing to emit for now (only a fed source comes back from this). */
  dry: boolean;
}

/** Fed sources take in what arrived at every step of this much event time. */
/** The fed sources' default step; a source may ask for a shorter one that divides it (`takeInEveryMs`). */
const TAKE_IN_EVERY_MS = 60_000;

/**
 * Merges the sources into one stream in event-time order (ties broken by source order,
 * so the stream is the same on every run), puts the envelope on, and runs each event's
 * ground-truth effect as it is emitted. Fed sources (`takeIn`) take in at fixed steps of
 * event time from the start (each its own: a minute, or less), each before anything later is emitted, so what they take
 * in lands at the same point of the stream however the run is paced.
 */
export class EventStream {
  private readonly heap = new MinHeap<Head>((a, b) => a.event.t < b.event.t || (a.event.t === b.event.t && a.order < b.order));
  private readonly fed: Head[] = [];
  private nextTakeIn: number;
  /** The stream's step: the shortest any fed source asks for. */
  private readonly step: number;
  emitted = 0;

  constructor(sources: SimSource[], private readonly from: number) {
    this.nextTakeIn = from;
    sources.forEach((source, order) => {
      const head: Head = { source, order, seq: 0, event: undefined as unknown as SimEvent, dry: false };
      if (source.takeIn) this.fed.push(head);
      this.advance(head);
    });
    this.step = Math.min(TAKE_IN_EVERY_MS, ...this.fed.map((h) => h.source.takeInEveryMs ?? TAKE_IN_EVERY_MS));
    for (const h of this.fed) {
      const every = h.source.takeInEveryMs ?? TAKE_IN_EVERY_MS;
      if (every % this.step !== 0 || TAKE_IN_EVERY_MS % every !== 0) throw new Error(`fed source ${h.source.id}: takeInEveryMs ${every} must divide a minute`);
    }
  }

  /** Event time of the next event, or Infinity when every source has ended. */
  peekTime(): number {
    return this.heap.peek()?.event.t ?? Number.POSITIVE_INFINITY;
  }

  /** The next event if it occurs at or before `until`. */
  next(until: number): Emitted | undefined {
    while (this.fed.length > 0 && this.heap.size > 0 && this.nextTakeIn <= Math.min(this.peekTime(), until)) this.takeIn();
    const head = this.heap.peek();
    if (!head || head.event.t > until) return undefined;
    const e = head.event;
    head.seq += 1;
    e.fx?.();
    this.emitted += 1;
    const out: Emitted = {
      source: head.source.id,
      seq: head.seq,
      t: e.t,
      type: e.type,
      storeId: e.storeId,
      topic: topicOf(e.type).name,
      key: messageKey(e as unknown as TillstreamEvent),
      json: envelopeJson(head.source.id, head.seq, e),
    };
    this.heap.pop();
    this.advance(head);
    return out;
  }

  /** Lets the fed sources take in what arrived by the step's time; one that was dry and has news goes back in the heap. */
  private takeIn(): void {
    const t = this.nextTakeIn;
    this.nextTakeIn += this.step;
    for (const head of this.fed) {
      // Each at its own steps from the start: a minute's source sees exactly the minutes it always did.
      if ((t - this.from) % (head.source.takeInEveryMs ?? TAKE_IN_EVERY_MS) !== 0) continue;
      if (head.source.takeIn!(t) && head.dry) this.advance(head);
    }
  }

  /** Pulls the source's next event (skipping any before the start) and puts the source back in the heap. */
  private advance(head: Head): void {
    for (;;) {
      const r = head.source.events.next();
      head.dry = r.done === true;
      if (r.done) return;
      if (r.value.t < this.from) continue;
      head.event = r.value;
      this.heap.push(head);
      return;
    }
  }
}
