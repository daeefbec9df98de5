import type { TillstreamEvent } from '../../lib/contract/catalog';
import { messageKey, topicOf } from '../../lib/contract/routing';
import { envelopeJson } from './envelope-json';
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
  private readonly heap: Head[] = [];
  emitted = 0;

  constructor(sources: SimSource[], private readonly from: number) {
    sources.forEach((source, order) => this.advance({ source, order, seq: 0, event: undefined as unknown as SimEvent }));
  }

  /** Event time of the next event, or Infinity when every source has ended. */
  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.event.t : Number.POSITIVE_INFINITY;
  }

  /** The next event if it occurs at or before `until`. */
  next(until: number): Emitted | undefined {
    const head = this.heap[0];
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
    this.pop();
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
      this.push(head);
      return;
    }
  }

  private less(a: Head, b: Head): boolean {
    return a.event.t < b.event.t || (a.event.t === b.event.t && a.order < b.order);
  }

  private push(h: Head): void {
    const heap = this.heap;
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && this.less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}
