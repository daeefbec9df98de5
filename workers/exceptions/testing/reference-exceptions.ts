/**
 * The exception metrics of a simulated run counted straight from its events, for the tests:
 * written apart from lib/loss/exception-metrics.ts and the worker (its own folds, its own
 * local days by Intl), so that a mistake in either shows as a difference. docs/kpis.md,
 * "Loss prevention: exceptions", is the definition both follow.
 */
export interface RefEvent {
  type: string;
  source: string;
  seq: number;
  occurredAt: string;
  storeId?: string;
  tillId?: string;
  cashierId?: string;
  receiptId?: string;
  payload: Record<string, unknown>;
}

export type Counts = Record<string, number>;

export interface Reference {
  /** `<storeId>|<cashierId>` → metrics over every event. */
  cashiers: Map<string, Counts>;
  /** `<storeId>|<tillId>` → metrics. */
  tills: Map<string, Counts>;
  stores: Map<string, Counts>;
  /** `<cashierId>|<day>|<storeId>|<tillId>|<shiftId>` → metrics. */
  shifts: Map<string, Counts>;
  /** `<storeId>|<day>` → the store's metrics of that local day. */
  storeDays: Map<string, Counts>;
}

const DAY = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();
export function localDayOf(ms: number, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(ms));
}

const n = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Every event once (by source and seq), as the pipeline counts them. */
export function uniqueEvents(events: RefEvent[]): RefEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const k = `${e.source}#${e.seq}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function referenceExceptions(all: RefEvent[], timezoneOf: (storeId: string) => string): Reference {
  const events = uniqueEvents(all);
  // Each receipt's close and the methods it was paid with, whatever till it was at.
  const closes = new Map<string, { ms: number; methods: Set<string> }>();
  const methods = new Map<string, Set<string>>();
  for (const e of events) {
    const k = `${e.storeId}|${e.receiptId}`;
    if (e.type === 'pos.payment.captured') {
      if (!methods.has(k)) methods.set(k, new Set());
      methods.get(k)!.add(e.payload.method as string);
    }
  }
  for (const e of events) {
    if (e.type === 'pos.receipt.closed') {
      const k = `${e.storeId}|${e.receiptId}`;
      closes.set(k, { ms: Date.parse(e.occurredAt), methods: methods.get(k) ?? new Set() });
    }
  }

  const out: Reference = { cashiers: new Map(), tills: new Map(), stores: new Map(), shifts: new Map(), storeDays: new Map() };
  const add = (map: Map<string, Counts>, key: string, inc: Counts) => {
    const c = map.get(key) ?? {};
    for (const [m, v] of Object.entries(inc)) c[m] = (c[m] ?? 0) + v;
    map.set(key, c);
  };

  // Each source in seq order: its tills' shifts and its receipts' lines.
  const bySource = new Map<string, RefEvent[]>();
  for (const e of events) {
    if (!bySource.has(e.source)) bySource.set(e.source, []);
    bySource.get(e.source)!.push(e);
  }
  for (const list of bySource.values()) {
    list.sort((a, b) => a.seq - b.seq);
    const lastShift = new Map<string, { id: string; open: boolean; ms: number }>();
    const lines = new Map<string, Map<number, { qty: number; price: number }>>();
    for (const e of list) {
      if (!e.storeId) continue;
      const ms = Date.parse(e.occurredAt);
      const p = e.payload;
      const till = e.tillId ?? '';
      if (e.type === 'pos.shift.opened' || e.type === 'pos.shift.closed') lastShift.set(till, { id: p.shiftId as string, open: e.type === 'pos.shift.opened', ms });
      const s = lastShift.get(till);
      const shift = !s || ms - s.ms > DAY ? '' : s.open ? s.id : e.type === 'pos.report.z' || e.type === 'pos.shift.closed' ? s.id : '';
      const rk = `${e.storeId}|${e.receiptId}`;
      let receipt = lines.get(rk);
      if (!receipt) lines.set(rk, (receipt = new Map()));
      const inc: Counts = {};
      switch (e.type) {
        case 'pos.item.added':
          receipt.set(n(p.lineId), { qty: n(p.qty), price: n(p.unitPrice) });
          inc.lines = 1;
          if (p.entry === 'keyed') inc.keyedLines = 1;
          break;
        case 'pos.item.quantity.changed': {
          const l = receipt.get(n(p.lineId));
          if (l) l.qty = n(p.newQty);
          break;
        }
        case 'pos.price.overridden': {
          const l = receipt.get(n(p.lineId));
          inc.priceOverrides = 1;
          inc.priceOverrideAmount = (n(p.oldPrice) - n(p.newPrice)) * (l ? l.qty : 1);
          if (l) l.price = n(p.newPrice);
          break;
        }
        case 'pos.item.voided': {
          const l = receipt.get(n(p.lineId));
          inc.lineVoids = 1;
          inc.lineVoidAmount = l ? l.qty * l.price : 0;
          receipt.delete(n(p.lineId));
          break;
        }
        case 'pos.receipt.closed':
          Object.assign(inc, { receipts: 1, items: n(p.items), sales: n(p.total) });
          lines.delete(rk);
          break;
        case 'pos.receipt.voided':
          inc.receiptVoids = 1;
          lines.delete(rk);
          break;
        case 'pos.receipt.postvoided':
          Object.assign(inc, { receipts: -1, items: -n(p.items), sales: -n(p.total), postVoids: 1, postVoidAmount: n(p.total) });
          break;
        case 'pos.discount.applied':
          if (p.kind === 'employee') Object.assign(inc, { employeeDiscounts: 1, employeeDiscountAmount: n(p.amount) });
          if (p.kind === 'manual') Object.assign(inc, { manualDiscounts: 1, manualDiscountAmount: n(p.amount) });
          break;
        case 'pos.refund.issued': {
          if (p.withReceipt === true) Object.assign(inc, { refundsWithReceipt: 1, refundWithReceiptAmount: n(p.amount) });
          else Object.assign(inc, { refundsWithoutReceipt: 1, refundWithoutReceiptAmount: n(p.amount) });
          const original = p.withReceipt === true && typeof p.originalReceiptId === 'string' ? closes.get(`${e.storeId}|${p.originalReceiptId}`) : undefined;
          if (original && ms >= original.ms && ms - original.ms <= 7 * DAY && !original.methods.has(p.method as string)) {
            Object.assign(inc, { refundsOtherTender: 1, refundOtherTenderAmount: n(p.amount) });
          }
          break;
        }
        case 'pos.drawer.opened':
          if (p.reason === 'no_sale') inc.noSaleOpens = 1;
          break;
        case 'pos.report.z':
          if (n(p.countedCash) < n(p.expectedCash)) Object.assign(inc, { cashShortages: 1, cashShortageAmount: n(p.expectedCash) - n(p.countedCash) });
          break;
        case 'pos.sco.assist.requested':
          inc.scoAssists = 1;
          break;
      }
      if (Object.keys(inc).length === 0) continue;
      const day = localDayOf(ms, timezoneOf(e.storeId));
      add(out.stores, e.storeId, inc);
      add(out.storeDays, `${e.storeId}|${day}`, inc);
      if (till) add(out.tills, `${e.storeId}|${till}`, inc);
      if (e.cashierId) {
        add(out.cashiers, `${e.storeId}|${e.cashierId}`, inc);
        add(out.shifts, `${e.cashierId}|${day}|${e.storeId}|${till}|${shift}`, inc);
      }
    }
  }
  return out;
}

/** `counts` with every metric of `names` (0 where absent). */
export const withAll = (counts: Counts | undefined, names: readonly string[]): Counts => Object.fromEntries(names.map((m) => [m, counts?.[m] ?? 0]));
