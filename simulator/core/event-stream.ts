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
}

/**
 * Merges the sources into one stream in event-time order (ties broken by source order,
 * so the stream is the same on every run), puts the envelope on, and runs each event's
 * ground-truth effect as it is emitted.
 */
export class EventStream {
  private readonly heap = new MinHeap<Head>((a, b) => a.event.t < b.event.t || (a.event.t === b.event.t && a.order < b.order));
  emitted = 0;

  constructor(sources: SimSource[], private readonly from: number) {
    sources.forEach((source, order) => this.advance({ source, order, seq: 0, event: undefined as unknown as SimEvent }));
  }

  /** Event time of the next event, or Infinity when every source has ended. */
  peekTime(): number {
    return this.heap.peek()?.event.t ?? Number.POSITIVE_INFINITY;
  }

  /** The next event if it occurs at or before `until`. */
  next(until: number): Emitted | undefined {
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

  /** Pulls the source's next event (skipping any before the start) and puts the source back in the heap. */
  private advance(head: Head): void {
    for (;;) {
      const r = head.source.events.next();
      if (r.done) return;
      if (r.value.t < this.from) continue;
      head.event = r.value;
      this.heap.push(head);
      return;
    }
  }
}
