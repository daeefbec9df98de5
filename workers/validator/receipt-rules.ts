import type { TillstreamEvent } from '../../lib/contract/catalog';

/** What the validator keeps of an open receipt: its lines and running sums. */
export interface OpenReceipt {
  lines: Record<string, { qty: number; price: number }>;
  discounts: number;
  payments: number;
}

/** What it keeps of a closed receipt, for post-voids. */
export interface ClosedReceipt {
  total: number;
  items: number;
  postVoided: boolean;
}

export interface ReceiptState {
  open: Map<string, OpenReceipt | null>;
  closed: Map<string, ClosedReceipt | null>;
}

/** The receipt ids whose state a till event needs. */
export function receiptOf(e: TillstreamEvent): string | undefined {
  return e.type.startsWith('pos.') ? e.receiptId : undefined;
}

/**
 * The semantic rules of a till's receipt (design: validator): a closed receipt's total is
 * its lines less voided lines and discounts, its items and lines match, and payments
 * cover it; a post-void names a closed receipt, once, with its total and items. Returns
 * a reason to reject, or undefined, and updates the state as the event is accepted.
 * A rejected event changes nothing (every check comes before any change): the validator
 * relies on it instead of copying a receipt's state before each event.
 * A receipt whose opening this validator never saw (it started later than the till) is
 * accepted as it is: the close is authoritative for the KPIs.
 */
export function applyReceiptRules(e: TillstreamEvent, s: ReceiptState): string | undefined {
  const id = e.receiptId;
  if (!id) return undefined;
  const open = s.open.get(id) ?? undefined;
  switch (e.type) {
    case 'pos.receipt.opened':
      s.open.set(id, { lines: {}, discounts: 0, payments: 0 });
      return undefined;
    case 'pos.item.added':
      if (open) open.lines[e.payload.lineId] = { qty: e.payload.qty, price: e.payload.unitPrice };
      return undefined;
    case 'pos.item.voided':
      if (open) {
        if (!open.lines[e.payload.lineId]) return `payload.lineId: line ${e.payload.lineId} is not on receipt ${id}`;
        delete open.lines[e.payload.lineId];
      }
      return undefined;
    case 'pos.price.overridden':
      if (open) {
        const line = open.lines[e.payload.lineId];
        if (!line) return `payload.lineId: line ${e.payload.lineId} is not on receipt ${id}`;
        line.price = e.payload.newPrice;
      }
      return undefined;
    case 'pos.discount.applied':
      if (open) open.discounts += e.payload.amount;
      return undefined;
    case 'pos.payment.captured':
      if (open) open.payments += e.payload.amount;
      return undefined;
    case 'pos.receipt.closed': {
      if (s.closed.get(id)) return `receiptId: receipt ${id} was already closed`;
      if (open) {
        const lines = Object.values(open.lines);
        const gross = lines.reduce((sum, l) => sum + l.qty * l.price, 0);
        const items = lines.reduce((sum, l) => sum + l.qty, 0);
        if (e.payload.total !== gross - open.discounts) {
          return `payload.total: ${e.payload.total} is not the lines (${gross}) less discounts (${open.discounts}) = ${gross - open.discounts}`;
        }
        if (e.payload.items !== items) return `payload.items: ${e.payload.items}, but the open lines hold ${items} units`;
        if (e.payload.lines !== lines.length) return `payload.lines: ${e.payload.lines}, but the receipt has ${lines.length} open lines`;
        if (open.payments < e.payload.total) return `payload.total: payments (${open.payments}) do not cover the total (${e.payload.total})`;
      }
      s.open.set(id, null);
      s.closed.set(id, { total: e.payload.total, items: e.payload.items, postVoided: false });
      return undefined;
    }
    case 'pos.receipt.voided':
      s.open.set(id, null);
      return undefined;
    case 'pos.receipt.postvoided': {
      const closed = s.closed.get(id);
      if (!closed) return `receiptId: ${id} names no closed receipt`;
      if (closed.postVoided) return `receiptId: ${id} was already post-voided`;
      if (closed.total !== e.payload.total || closed.items !== e.payload.items) {
        return `payload.total/items: ${e.payload.total}/${e.payload.items} differ from the closed receipt's ${closed.total}/${closed.items}`;
      }
      closed.postVoided = true;
      return undefined;
    }
    default:
      return undefined;
  }
}
