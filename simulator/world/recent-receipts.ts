/** A completed receipt a customer may bring back for a refund. */
export interface PastReceipt {
  receiptId: string;
  t: number;
  lines: { skuIndex: number; qty: number; unitPrice: number }[];
  paidCash: boolean;
}

/** The last `capacity` refundable receipts of a store (a ring). */
export class RecentReceipts {
  private readonly items: (PastReceipt | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.items = new Array<PastReceipt | undefined>(capacity);
  }

  add(r: PastReceipt): void {
    this.items[this.next] = r;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Takes one receipt out (a receipt is refunded at most once), or undefined when empty. */
  take(pick: number): PastReceipt | undefined {
    for (let k = 0; k < this.capacity; k++) {
      const i = (Math.floor(pick * this.capacity) + k) % this.capacity;
      const r = this.items[i];
      if (r) {
        this.items[i] = undefined;
        return r;
      }
    }
    return undefined;
  }
}
