import { localDay, MINUTE_MS, utcMinute } from '../../lib/time/local-time';
import { PromotionTruth, type PromotionReceiptEffect } from './promotion-truth';

/** Sales KPIs of one bucket, exactly as the design defines them (docs/kpis.md). */
export interface SalesBucket {
  gross: number;
  net: number;
  receipts: number;
  items: number;
  refunds: number;
  postVoids: number;
}

export type ExceptionKind =
  | 'lineVoids'
  | 'receiptVoids'
  | 'postVoids'
  | 'refundsWithReceipt'
  | 'refundsWithoutReceipt'
  | 'noSaleOpens'
  | 'priceOverrides'
  | 'employeeDiscounts'
  | 'cashShortages';

export const EXCEPTION_KINDS: ExceptionKind[] = [
  'lineVoids',
  'receiptVoids',
  'postVoids',
  'refundsWithReceipt',
  'refundsWithoutReceipt',
  'noSaleOpens',
  'priceOverrides',
  'employeeDiscounts',
  'cashShortages',
];

interface CashierExceptions extends Record<ExceptionKind, number> {
  storeId: string;
  /** Σ (expected − counted) over Z reports that came up short, in cents. */
  cashShortageAmount: number;
}

const emptyBucket = (): SalesBucket => ({ gross: 0, net: 0, receipts: 0, items: 0, refunds: 0, postVoids: 0 });

/**
 * What the pipeline must compute, recorded by the simulator from what it did (not by
 * reading its own events back): the sales KPIs per store per minute and per store-local
 * day, web-shop net sales per fulfilling location, book stock per SKU × location, and
 * the exceptions per cashier. Fed by the events' effects as they are emitted.
 */
export class GroundTruth {
  private readonly storeMinutes = new Map<string, Map<number, SalesBucket>>();
  private readonly storeDays = new Map<string, Map<string, SalesBucket>>();
  private readonly webMinutes = new Map<string, Map<number, number>>();
  private readonly webDays = new Map<string, Map<string, number>>();
  /** Book stock: on hand and reserved per location, indexed by SKU index. */
  readonly onHand = new Map<string, Int32Array>();
  readonly reserved = new Map<string, Int32Array>();
  private readonly exceptions = new Map<string, CashierExceptions>();
  readonly eventsByType = new Map<string, number>();
  readonly malformed: { afterSource: string; afterSeq: number; reason: string; json: string }[] = [];
  duplicates = 0;
  /** The authored promotions (`--promotions hq`): planted response and effect per store and day. */
  readonly promotions = new PromotionTruth();

  constructor(
    private readonly timezones: Map<string, string>,
    private readonly skuIds: string[],
  ) {}

  private bucket(storeId: string, t: number, mutate: (b: SalesBucket) => void): void {
    const minute = Math.floor(t / MINUTE_MS);
    let minutes = this.storeMinutes.get(storeId);
    if (!minutes) this.storeMinutes.set(storeId, (minutes = new Map()));
    let m = minutes.get(minute);
    if (!m) minutes.set(minute, (m = emptyBucket()));
    mutate(m);
    const day = localDay(t, this.tz(storeId));
    let days = this.storeDays.get(storeId);
    if (!days) this.storeDays.set(storeId, (days = new Map()));
    let d = days.get(day);
    if (!d) days.set(day, (d = emptyBucket()));
    mutate(d);
  }

  private tz(locationId: string): string {
    const tz = this.timezones.get(locationId);
    if (!tz) throw new Error(`no timezone for location ${locationId}`);
    return tz;
  }

  /** A pos.receipt.closed. */
  sale(storeId: string, t: number, total: number, items: number): void {
    this.bucket(storeId, t, (b) => {
      b.gross += total;
      b.net += total;
      b.receipts += 1;
      b.items += items;
    });
  }

  /** A pos.receipt.postvoided: the closed receipt is reversed. */
  postVoid(storeId: string, t: number, total: number, items: number): void {
    this.bucket(storeId, t, (b) => {
      b.net -= total;
      b.receipts -= 1;
      b.items -= items;
      b.postVoids += total;
    });
  }

  /** A pos.refund.issued. */
  refund(storeId: string, t: number, amount: number): void {
    this.bucket(storeId, t, (b) => {
      b.net -= amount;
      b.refunds += amount;
    });
  }

  /** ecom.order.paid (+amount) and ecom.order.cancelled (−refundedAmount), at the fulfilling location. */
  webSale(locationId: string, t: number, amount: number): void {
    const minute = Math.floor(t / MINUTE_MS);
    let minutes = this.webMinutes.get(locationId);
    if (!minutes) this.webMinutes.set(locationId, (minutes = new Map()));
    minutes.set(minute, (minutes.get(minute) ?? 0) + amount);
    const day = localDay(t, this.tz(locationId));
    let days = this.webDays.get(locationId);
    if (!days) this.webDays.set(locationId, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + amount);
  }

  private stockOf(map: Map<string, Int32Array>, locationId: string): Int32Array {
    let s = map.get(locationId);
    if (!s) map.set(locationId, (s = new Int32Array(this.skuIds.length)));
    return s;
  }

  moveStock(locationId: string, skuIndex: number, delta: number): void {
    this.stockOf(this.onHand, locationId)[skuIndex]! += delta;
  }

  setStock(locationId: string, skuIndex: number, counted: number): void {
    this.stockOf(this.onHand, locationId)[skuIndex] = counted;
  }

  reserve(locationId: string, skuIndex: number, delta: number): void {
    this.stockOf(this.reserved, locationId)[skuIndex]! += delta;
  }

  exception(cashierId: string, storeId: string, kind: ExceptionKind, amount = 0): void {
    let e = this.exceptions.get(cashierId);
    if (!e) {
      e = { storeId, cashShortageAmount: 0, ...(Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0])) as Record<ExceptionKind, number>) };
      this.exceptions.set(cashierId, e);
    }
    e[kind] += 1;
    if (kind === 'cashShortages') e.cashShortageAmount += amount;
  }

  /** A closed receipt's effect of an authored promotion (−1: its post-void). */
  promotion(storeId: string, t: number, effect: PromotionReceiptEffect, sign: 1 | -1): void {
    this.promotions.add(storeId, localDay(t, this.tz(storeId)), effect, sign);
  }

  countEvent(type: string): void {
    this.eventsByType.set(type, (this.eventsByType.get(type) ?? 0) + 1);
  }

  /** The truth file's content; keys sorted so one seed gives byte-identical files. */
  toJSON(meta: Record<string, unknown>): unknown {
    const sortedKeys = <V>(m: Map<string, V>) => [...m.keys()].sort();
    const stores: Record<string, unknown> = {};
    for (const storeId of sortedKeys(this.storeDays)) {
      const total = emptyBucket();
      const days: Record<string, SalesBucket> = {};
      for (const day of sortedKeys(this.storeDays.get(storeId)!)) {
        const b = this.storeDays.get(storeId)!.get(day)!;
        days[day] = b;
        for (const k of Object.keys(total) as (keyof SalesBucket)[]) total[k] += b[k];
      }
      const minutes: Record<string, SalesBucket> = {};
      for (const m of [...this.storeMinutes.get(storeId)!.keys()].sort((a, b) => a - b)) {
        minutes[utcMinute(m * MINUTE_MS)] = this.storeMinutes.get(storeId)!.get(m)!;
      }
      stores[storeId] = { timezone: this.tz(storeId), total, days, minutes };
    }
    const webShop: Record<string, unknown> = {};
    for (const loc of sortedKeys(this.webDays)) {
      const days = Object.fromEntries(sortedKeys(this.webDays.get(loc)!).map((d) => [d, this.webDays.get(loc)!.get(d)!]));
      const minutes = Object.fromEntries(
        [...this.webMinutes.get(loc)!.keys()].sort((a, b) => a - b).map((m) => [utcMinute(m * MINUTE_MS), this.webMinutes.get(loc)!.get(m)!]),
      );
      webShop[loc] = { timezone: this.tz(loc), net: Object.values(days).reduce((a, b) => a + b, 0), days, minutes };
    }
    const stock: Record<string, Record<string, { onHand: number; reserved: number }>> = {};
    for (const loc of sortedKeys(this.onHand)) {
      const onHand = this.onHand.get(loc)!;
      const reserved = this.reserved.get(loc);
      const row: Record<string, { onHand: number; reserved: number }> = {};
      this.skuIds.forEach((sku, i) => (row[sku] = { onHand: onHand[i]!, reserved: reserved?.[i] ?? 0 }));
      stock[loc] = row;
    }
    const exceptions = Object.fromEntries(sortedKeys(this.exceptions).map((c) => [c, this.exceptions.get(c)!]));
    const eventsByType = Object.fromEntries(sortedKeys(this.eventsByType).map((t) => [t, this.eventsByType.get(t)!]));
    // Only runs with authored promotions have the key: the truth of other runs stays as it was.
    const promotions = this.promotions.empty ? {} : { promotions: this.promotions.toJSON() };
    return { ...meta, stores, webShop, stock, exceptions, eventsByType, duplicates: this.duplicates, malformed: this.malformed, ...promotions };
  }
}
