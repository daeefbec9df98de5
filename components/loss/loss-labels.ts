import { formatMoney } from '@/components/format/format';
import type { CountMetric } from '@/lib/loss/exception-metrics';

/** How the loss pages name the exception metrics and the journal's events. */
export const COUNT_LABELS: Record<CountMetric, string> = {
  keyedLines: 'Keyed lines',
  lineVoids: 'Line voids',
  receiptVoids: 'Receipt voids',
  postVoids: 'Post-voids',
  refundsWithReceipt: 'Refunds with receipt',
  refundsWithoutReceipt: 'Refunds without receipt',
  refundsOtherTender: 'Refunds to another tender',
  noSaleOpens: 'No-sale opens',
  priceOverrides: 'Price overrides',
  employeeDiscounts: 'Employee discounts',
  manualDiscounts: 'Manual discounts',
  cashShortages: 'Cash shortages',
  scoAssists: 'SCO assists',
};

/** The metrics the cashier page charts and tabulates (the sweethearting, refund and cash signals). */
export const CHART_METRICS: CountMetric[] = ['lineVoids', 'postVoids', 'refundsWithoutReceipt', 'priceOverrides', 'employeeDiscounts', 'manualDiscounts', 'noSaleOpens', 'receiptVoids'];

export const metricLabel = (m: string): string =>
  (COUNT_LABELS as Record<string, string>)[m] ??
  (m === 'avgItemValue'
    ? 'Avg item value'
    : m
        .replace(/([A-Z])/g, ' $1')
        .toLowerCase()
        .replace(/^./, (c) => c.toUpperCase()));

const EVENT_LABELS: Record<string, string> = {
  'pos.receipt.opened': 'Receipt opened',
  'pos.item.added': 'Item added',
  'pos.item.voided': 'Line voided',
  'pos.item.quantity.changed': 'Quantity changed',
  'pos.item.marked.scanned': 'Mark scanned',
  'pos.price.overridden': 'Price overridden',
  'pos.discount.applied': 'Discount',
  'pos.coupon.redeemed': 'Coupon redeemed',
  'pos.coupon.rejected': 'Coupon rejected',
  'pos.loyalty.identified': 'Loyalty card',
  'pos.loyalty.points': 'Loyalty points',
  'pos.receipt.closed': 'Receipt closed',
  'pos.receipt.voided': 'Receipt voided',
  'pos.receipt.postvoided': 'Post-voided',
  'pos.receipt.suspended': 'Suspended',
  'pos.receipt.resumed': 'Resumed',
  'pos.payment.captured': 'Payment',
  'pos.payment.declined': 'Payment declined',
  'pos.change.given': 'Change given',
  'pos.refund.issued': 'Refund',
  'pos.drawer.opened': 'Drawer opened',
  'pos.drawer.closed': 'Drawer closed',
  'pos.cashier.elevated': 'Supervisor approval',
  'pos.sco.assist.requested': 'SCO assistance requested',
  'pos.sco.assist.resolved': 'SCO assistance resolved',
  'pos.sco.age.verified': 'Age verified',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

const MONEY_FIELDS = new Set(['amount', 'unitPrice', 'oldPrice', 'newPrice', 'total', 'subtotal', 'expectedCash', 'countedCash', 'gross', 'takings', 'openingFloat']);

/** The payload of a journal event in words: "sku 1234 · qty 2 · unit price €1.99 · scanned". */
export function payloadDetails(type: string, payload: Record<string, unknown>, currency: string | null): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(payload)) {
    if (v === null || v === undefined) continue;
    const name = k.replace(/([A-Z])/g, ' $1').toLowerCase();
    if (typeof v === 'number' && MONEY_FIELDS.has(k)) parts.push(`${name} ${formatMoney(v, currency)}`);
    else if (Array.isArray(v)) parts.push(`${name} ${v.map((x) => (typeof x === 'object' && x !== null ? Object.values(x as Record<string, unknown>).join('×') : String(x))).join(', ')}`);
    else if (typeof v === 'object') parts.push(`${name} ${JSON.stringify(v)}`);
    else if (typeof v === 'boolean') parts.push(`${name} ${v ? 'yes' : 'no'}`);
    else parts.push(`${name} ${String(v)}`);
  }
  return parts.join(' · ') || (type === 'pos.receipt.opened' ? 'new receipt' : '–');
}

/** Median of numbers (null when none). */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 100) / 100;
}
