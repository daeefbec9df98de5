import { MinHeap } from './min-heap';

/**
 * A source's agenda: things due at future times (an order's payment, a shipment),
 * taken earliest first; ties in the order they were planned, so runs repeat exactly.
 */
export class Agenda<T> {
  private readonly heap = new MinHeap<{ t: number; n: number; item: T }>((x, y) => x.t < y.t || (x.t === y.t && x.n < y.n));
  private planned = 0;

  get size(): number {
    return this.heap.size;
  }

  peekTime(): number {
    return this.heap.peek()?.t ?? Number.POSITIVE_INFINITY;
  }

  add(t: number, item: T): void {
    this.heap.push({ t, n: this.planned++, item });
  }

  take(): { t: number; item: T } | undefined {
    const top = this.heap.pop();
    return top && { t: top.t, item: top.item };
  }
}
