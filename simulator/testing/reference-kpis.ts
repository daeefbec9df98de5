import type { Delivery } from '../faults/fault-injector';

/**
 * A second, independent reading of the simulator's output, written from the design's
 * definitions only (docs/kpis.md): what any consumer of the events would compute. Tests
 * compare it with the simulator's own ground truth. It deduplicates by source and seq,
 * ignores anything that is not valid JSON with a known shape, and uses Intl directly for
 * store-local days.
 */
type Bucket = { gross: number; net: number; receipts: number; items: number; refunds: number; postVoids: number };
type AnyEvent = {
  type: string;
  source: string;
  seq: number;
  occurredAt: string;
  storeId?: string;
  cashierId?: string;
  receiptId?: string;
  payload: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

export interface ReferenceKpis {
  days: Map<string, Map<string, Bucket>>;
  minutes: Map<string, Map<string, Bucket>>;
  web: Map<string, number>;
  onHand: Map<string, number>;
  reserved: Map<string, number>;
  exceptions: Map<string, Record<string, number>>;
  duplicates: number;
  unparseable: number;
}

export function referenceKpis(deliveries: Delivery[], isValid: (raw: unknown) => boolean): ReferenceKpis {
  const seen = new Set<string>();
  const events: AnyEvent[] = [];
  let duplicates = 0;
  let unparseable = 0;
  for (const d of deliveries) {
    let raw: unknown;
    try {
      raw = JSON.parse(d.json);
    } catch {
      unparseable++;
      continue;
    }
    if (!isValid(raw)) {
      unparseable++;
      continue;
    }
    const e = raw as AnyEvent;
    const key = `${e.source}#${e.seq}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    events.push(e);
  }
  const tz = new Map<string, string>();
  for (const e of events) if (e.type === 'store.upserted') tz.set(e.payload.storeId as string, e.payload.timezone as string);
  tz.set('DC01', 'Europe/Madrid');
  const fmt = new Map<string, Intl.DateTimeFormat>();
  const dayOf = (iso: string, loc: string) => {
    const zone = tz.get(loc)!;
    if (!fmt.has(zone)) fmt.set(zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }));
    return fmt.get(zone)!.format(new Date(iso));
  };
  const days = new Map<string, Map<string, Bucket>>();
  const minutes = new Map<string, Map<string, Bucket>>();
  const add = (store: string, iso: string, f: (b: Bucket) => void) => {
    for (const [map, k] of [
      [days, dayOf(iso, store)],
      [minutes, `${iso.slice(0, 16)}Z`],
    ] as const) {
      if (!map.has(store)) map.set(store, new Map());
      const m = map.get(store)!;
      if (!m.has(k)) m.set(k, { gross: 0, net: 0, receipts: 0, items: 0, refunds: 0, postVoids: 0 });
      f(m.get(k)!);
    }
  };
  const web = new Map<string, number>();
  const orderLocation = new Map<string, string>();
  const orderLines = new Map<string, { sku: string; qty: number }[]>();
  const receiptLines = new Map<string, Map<number, { sku: string; qty: number }>>();
  const closedLines = new Map<string, { sku: string; qty: number }[]>();
  const stockMoves: { t: string; n: number; loc: string; sku: string; delta?: number; set?: number }[] = [];
  const reserved = new Map<string, number>();
  const exceptions = new Map<string, Record<string, number>>();
  const exception = (cashier: string | undefined, kind: string) => {
    if (!cashier) return;
    if (!exceptions.has(cashier)) exceptions.set(cashier, {});
    const r = exceptions.get(cashier)!;
    r[kind] = (r[kind] ?? 0) + 1;
  };
  let n = 0;
  const move = (t: string, loc: string, sku: string, delta: number) => stockMoves.push({ t, n: n++, loc, sku, delta });
  for (const e of events) {
    const p = e.payload;
    const store = e.storeId!;
    switch (e.type) {
      case 'pos.item.added': {
        if (!receiptLines.has(e.receiptId!)) receiptLines.set(e.receiptId!, new Map());
        receiptLines.get(e.receiptId!)!.set(p.lineId as number, { sku: p.sku as string, qty: p.qty as number });
        break;
      }
      case 'pos.item.voided':
        receiptLines.get(e.receiptId!)?.delete(p.lineId as number);
        exception(e.cashierId, 'lineVoids');
        break;
      case 'pos.receipt.closed': {
        add(store, e.occurredAt, (b) => {
          b.gross += p.total as number;
          b.net += p.total as number;
          b.receipts += 1;
          b.items += p.items as number;
        });
        const lines = [...(receiptLines.get(e.receiptId!)?.values() ?? [])];
        closedLines.set(e.receiptId!, lines);
        for (const l of lines) move(e.occurredAt, store, l.sku, -l.qty);
        break;
      }
      case 'pos.receipt.voided':
        exception(e.cashierId, 'receiptVoids');
        break;
      case 'pos.receipt.postvoided':
        add(store, e.occurredAt, (b) => {
          b.net -= p.total as number;
          b.receipts -= 1;
          b.items -= p.items as number;
          b.postVoids += p.total as number;
        });
        for (const l of closedLines.get(e.receiptId!) ?? []) move(e.occurredAt, store, l.sku, l.qty);
        exception(e.cashierId, 'postVoids');
        break;
      case 'pos.refund.issued':
        add(store, e.occurredAt, (b) => {
          b.net -= p.amount as number;
          b.refunds += p.amount as number;
        });
        for (const l of p.lines as { sku: string; qty: number }[]) move(e.occurredAt, store, l.sku, l.qty);
        exception(e.cashierId, p.withReceipt ? 'refundsWithReceipt' : 'refundsWithoutReceipt');
        break;
      case 'pos.drawer.opened':
        if (p.reason === 'no_sale') exception(e.cashierId, 'noSaleOpens');
        break;
      case 'pos.price.overridden':
        exception(e.cashierId, 'priceOverrides');
        break;
      case 'pos.discount.applied':
        if (p.kind === 'employee') exception(e.cashierId, 'employeeDiscounts');
        break;
      case 'pos.report.z':
        if ((p.countedCash as number) < (p.expectedCash as number)) exception(e.cashierId, 'cashShortages');
        break;
      case 'ecom.order.placed':
        orderLocation.set(p.orderId as string, p.locationId as string);
        orderLines.set(p.orderId as string, p.lines as { sku: string; qty: number }[]);
        for (const l of p.lines as { sku: string; qty: number }[]) reserved.set(`${p.locationId}:${l.sku}`, (reserved.get(`${p.locationId}:${l.sku}`) ?? 0) + l.qty);
        break;
      case 'ecom.order.paid': {
        const loc = orderLocation.get(p.orderId as string)!;
        web.set(loc, (web.get(loc) ?? 0) + (p.amount as number));
        break;
      }
      case 'ecom.order.cancelled': {
        const loc = orderLocation.get(p.orderId as string)!;
        web.set(loc, (web.get(loc) ?? 0) - (p.refundedAmount as number));
        for (const l of orderLines.get(p.orderId as string)!) reserved.set(`${loc}:${l.sku}`, reserved.get(`${loc}:${l.sku}`)! - l.qty);
        break;
      }
      case 'ecom.order.shipped': {
        const loc = orderLocation.get(p.orderId as string)!;
        for (const l of orderLines.get(p.orderId as string)!) {
          reserved.set(`${loc}:${l.sku}`, reserved.get(`${loc}:${l.sku}`)! - l.qty);
          move(e.occurredAt, loc, l.sku, -l.qty);
        }
        break;
      }
      case 'stock.received':
        move(e.occurredAt, p.locationId as string, p.sku as string, p.qty as number);
        break;
      case 'stock.adjusted':
        move(e.occurredAt, p.locationId as string, p.sku as string, p.delta as number);
        break;
      case 'stock.transferred':
        move(e.occurredAt, p.fromLocationId as string, p.sku as string, -(p.qty as number));
        move(e.occurredAt, p.toLocationId as string, p.sku as string, p.qty as number);
        break;
      case 'stock.counted':
        stockMoves.push({ t: e.occurredAt, n: n++, loc: p.locationId as string, sku: p.sku as string, set: p.counted as number });
        break;
    }
  }
  // Stock by event time: the latest count sets the level, movements after it move it.
  stockMoves.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.n - b.n));
  const onHand = new Map<string, number>();
  for (const m of stockMoves) {
    const k = `${m.loc}:${m.sku}`;
    onHand.set(k, m.set !== undefined ? m.set : (onHand.get(k) ?? 0) + m.delta!);
  }
  return { days, minutes, web, onHand, reserved, exceptions, duplicates, unparseable };
}
