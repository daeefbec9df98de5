import { lineAt } from '../../lib/loss/exception-metrics';
import type { EventRow } from './event-row';
import { LINE_EVENT_TYPES, resolveLines, type LineEvent, type ResolvedLines } from './receipt-lines';

/**
 * Some rows need facts from earlier events before they are written, so that the
 * materialized views can roll them up from the row alone:
 * - a `pos.receipt.closed` gets its lines (for the SKU rollup);
 * - a `pos.receipt.postvoided` gets the lines of the receipt it reverses;
 * - `ecom.order.paid` / `cancelled` / `shipped` get the order's fulfilling location
 *   (from its `ecom.order.placed`), for the web-shop rollup;
 * - an `ecom.order.shipped` also gets the order's lines (sku, qty, qty × unitPrice), for
 *   the stock movements (migration 0006: the shipment takes them off the location's shelf);
 * - a `pos.item.voided` gets the line it removes as it stood (units = qty, unit_price, amount =
 *   qty × price; left 0 when the line's pos.item.added is found nowhere), and a
 *   `pos.price.overridden` the line's qty (units, 1 when not found) and amount =
 *   (oldPrice − newPrice) × qty, for the exception rollup (migration 0007,
 *   lib/loss/exception-metrics.ts lineAt).
 * The facts come from earlier rows of the same block, else from history (earlier blocks,
 * durably in ClickHouse before this block is planned). A receipt's events and a web
 * order's events each come from one source, so from one partition, in order.
 */
export interface ReceiptRef {
  storeId: string;
  source: string;
  receiptId: string;
}

export interface References {
  /** Line events (LINE_EVENT_TYPES) of these receipts already in history. */
  receiptLineEvents: (receipts: ReceiptRef[]) => Promise<(LineEvent & { store_id: string; receipt_id: string })[]>;
  /** Lines of these closed receipts already in history, by receiptKey(storeId, receiptId). */
  closedReceiptLines: (receipts: { storeId: string; receiptId: string }[]) => Promise<Map<string, ResolvedLines>>;
  /** Fulfilling location and lines of these web orders already in history. */
  placedOrders: (orderIds: string[]) => Promise<Map<string, PlacedOrder>>;
}

/** What a web order's follow-up events take from its `ecom.order.placed`. */
export interface PlacedOrder {
  locationId: string;
  lines: ResolvedLines;
}

export interface ResolveStats {
  /** Receipts closing, voiding or overriding a line in the block whose line events came (partly) from history. */
  receiptsLookedUp: number;
  /** Post-voids whose closed receipt was found nowhere: written without lines. */
  postVoidsWithoutReceipt: number;
  /** Web-order events whose placed order was found nowhere: written with location ''. */
  ordersWithoutLocation: number;
}

export const receiptKey = (storeId: string, receiptId: string) => `${storeId}\u0000${receiptId}`;

const WEB_ORDER_FOLLOW_UPS = new Set(['ecom.order.paid', 'ecom.order.cancelled', 'ecom.order.shipped']);
const isLineEvent = (type: string) => (LINE_EVENT_TYPES as readonly string[]).includes(type);

/** Fills the resolved columns of `rows` (in offset order) in place. */
export async function resolveReferences(rows: EventRow[], refs: References): Promise<ResolveStats> {
  // What this block cannot answer by itself.
  const opened = new Set<string>();
  const closed = new Set<string>();
  const placed = new Set<string>();
  const needLines = new Map<string, ReceiptRef>();
  const needClosed = new Map<string, { storeId: string; receiptId: string }>();
  const needOrders = new Set<string>();
  for (const r of rows) {
    const k = receiptKey(r.store_id, r.receipt_id);
    if (r.type === 'pos.receipt.opened') opened.add(k);
    else if (r.type === 'pos.receipt.closed') {
      if (!opened.has(k)) needLines.set(k, { storeId: r.store_id, source: r.source, receiptId: r.receipt_id });
      closed.add(k);
    } else if ((r.type === 'pos.item.voided' || r.type === 'pos.price.overridden') && !opened.has(k)) {
      needLines.set(k, { storeId: r.store_id, source: r.source, receiptId: r.receipt_id });
    } else if (r.type === 'pos.receipt.postvoided' && !closed.has(k)) needClosed.set(k, { storeId: r.store_id, receiptId: r.receipt_id });
    else if (r.type === 'ecom.order.placed') placed.add(r.order_id);
    else if (WEB_ORDER_FOLLOW_UPS.has(r.type) && !placed.has(r.order_id)) needOrders.add(r.order_id);
  }
  const [historyLines, historyClosed, historyOrders] = await Promise.all([
    needLines.size > 0 ? refs.receiptLineEvents([...needLines.values()]) : [],
    needClosed.size > 0 ? refs.closedReceiptLines([...needClosed.values()]) : new Map<string, ResolvedLines>(),
    needOrders.size > 0 ? refs.placedOrders([...needOrders]) : new Map<string, PlacedOrder>(),
  ]);

  const lineEvents = new Map<string, LineEvent[]>();
  const push = (k: string, e: LineEvent) => {
    let list = lineEvents.get(k);
    if (!list) lineEvents.set(k, (list = []));
    list.push(e);
  };
  for (const e of historyLines) push(receiptKey(e.store_id, e.receipt_id), e);

  const stats: ResolveStats = { receiptsLookedUp: needLines.size, postVoidsWithoutReceipt: 0, ordersWithoutLocation: 0 };
  const closedLines = new Map<string, ResolvedLines>();
  /** Orders placed in this block: their row, whose payload gives the lines when the order also ships here. */
  const placedRows = new Map<string, EventRow>();
  for (const r of rows) {
    const k = receiptKey(r.store_id, r.receipt_id);
    if (isLineEvent(r.type)) {
      if (r.type === 'pos.item.voided' || r.type === 'pos.price.overridden') resolveLine(r, lineEvents.get(k) ?? []);
      push(k, r);
    } else if (r.type === 'pos.receipt.closed') {
      const lines = resolveLines(lineEvents.get(k) ?? []);
      setLines(r, lines);
      closedLines.set(k, lines);
    } else if (r.type === 'pos.receipt.postvoided') {
      const lines = closedLines.get(k) ?? historyClosed.get(k);
      if (lines) setLines(r, lines);
      else stats.postVoidsWithoutReceipt += 1;
    } else if (r.type === 'ecom.order.placed') placedRows.set(r.order_id, r);
    else if (WEB_ORDER_FOLLOW_UPS.has(r.type)) {
      const placed = placedRows.get(r.order_id);
      const earlier = historyOrders.get(r.order_id);
      r.location_id = placed?.location_id ?? earlier?.locationId ?? '';
      if (r.location_id === '') stats.ordersWithoutLocation += 1;
      if (r.type === 'ecom.order.shipped') {
        const lines = placed ? placedLines(placed) : earlier?.lines;
        if (lines) setLines(r, lines);
      }
    }
  }
  return stats;
}

/**
 * The lines of an `ecom.order.placed` row, from its payload (the sink keeps every payload;
 * the validator has checked it against the contract). Read only for an order that ships in
 * the same block, so the typed columns of placed rows stay as they are for every reader.
 */
function placedLines(r: EventRow): ResolvedLines {
  const lines: ResolvedLines = { skus: [], qtys: [], values: [] };
  try {
    const p = JSON.parse(r.payload) as { lines?: { sku: string; qty: number; unitPrice: number }[] };
    for (const l of p.lines ?? []) {
      lines.skus.push(l.sku);
      lines.qtys.push(l.qty);
      lines.values.push(l.qty * l.unitPrice);
    }
  } catch {
    // No payload (a caller that drops them): the shipment is written without lines.
  }
  return lines;
}

/** A voided or overridden line as it stood before the row (its receipt's line events so far). */
function resolveLine(r: EventRow, before: LineEvent[]): void {
  const line = lineAt(before, r.line_id);
  if (r.type === 'pos.item.voided') {
    if (!line) return;
    r.units = line.qty;
    r.unit_price = line.price;
    r.amount = line.qty * line.price;
    return;
  }
  let oldPrice = r.unit_price;
  try {
    oldPrice = (JSON.parse(r.payload) as { oldPrice?: number }).oldPrice ?? r.unit_price;
  } catch {
    // No payload (a caller that drops them): no amount taken off.
  }
  r.units = line ? line.qty : 1;
  r.amount = (oldPrice - r.unit_price) * r.units;
}

function setLines(r: EventRow, lines: ResolvedLines): void {
  r.line_skus = [...lines.skus];
  r.line_qtys = [...lines.qtys];
  r.line_values = [...lines.values];
}
