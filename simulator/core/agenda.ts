/**
 * A source's agenda: things due at future times (an order's payment, a shipment),
 * taken earliest first; ties in the order they were planned, so runs repeat exactly.
 */
export class Agenda<T> {
  private readonly heap: { t: number; n: number; item: T }[] = [];
  private planned = 0;

  get size(): number {
    return this.heap.length;
  }

  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.t : Number.POSITIVE_INFINITY;
  }

  add(t: number, item: T): void {
    const heap = this.heap;
    heap.push({ t, n: this.planned++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  }

  take(): { t: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (!top) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(l, m)) m = l;
        if (r < heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return { t: top.t, item: top.item };
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.t < y.t || (x.t === y.t && x.n < y.n);
  }
}
