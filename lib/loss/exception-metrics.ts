/**
 * Loss prevention: the exception metrics of a cashier, a till or a store over a period
 * (docs/kpis.md, "Loss prevention: exceptions"). One definition for every reader: the
 * exceptions worker (Redis, live), the history rollup (ClickHouse, migration 0007, whose
 * column of each metric is named here), the read API, the browser and the later risk
 * ranking. Plain values and pure functions only: this file is browser-safe.
 *
 * Every metric is a sum over events; each event counts once (by source and seq), at the
 * instant it occurred, for the store, till and cashier on its envelope (an event without a
 * `cashierId`, such as a self-checkout's assistance call, counts for its till and store only).
 */

/** What a metric is: the base of the rates, an exception count, or a money amount (cents). */
export type MetricKind = 'base' | 'count' | 'amount';

export interface MetricDefinition {
  /** Field name in the API, the record type and the truth file (where the truth keeps it). */
  name: string;
  kind: MetricKind;
  /** Short field code in the worker's Redis hashes. */
  code: string;
  /** Column of the ClickHouse rollup (migration 0007); null: not in the rollup (resolved at query time). */
  column: string | null;
  /** Whether the simulator's truth file keeps it per cashier (`exceptions.<cashierId>`), to be equal exactly. */
  inTruth: boolean;
  /** The definition, for humans (docs/kpis.md says the same). */
  definition: string;
}

/** The metrics, in the order the API lists them. */
export const METRICS = [
  { name: 'receipts', kind: 'base', code: 'rc', column: 'receipts', inTruth: false, definition: 'count of pos.receipt.closed − count of pos.receipt.postvoided (the rates’ denominator)' },
  { name: 'items', kind: 'base', code: 'it', column: 'items', inTruth: false, definition: 'Σ pos.receipt.closed items − Σ pos.receipt.postvoided items (units)' },
  { name: 'sales', kind: 'base', code: 'sa', column: 'sales', inTruth: false, definition: 'Σ pos.receipt.closed total − Σ pos.receipt.postvoided total, cents (refunds are their own metric, not deducted)' },
  { name: 'lines', kind: 'base', code: 'ln', column: 'lines', inTruth: false, definition: 'count of pos.item.added (every line rung up, voided or not)' },
  { name: 'keyedLines', kind: 'count', code: 'kl', column: 'keyed_lines', inTruth: false, definition: 'count of pos.item.added with entry "keyed" (keyed in instead of scanned)' },
  { name: 'lineVoids', kind: 'count', code: 'lv', column: 'line_voids', inTruth: true, definition: 'count of pos.item.voided (also in receipts voided or post-voided later)' },
  { name: 'lineVoidAmount', kind: 'amount', code: 'lva', column: 'line_void_amount', inTruth: false, definition: 'Σ qty × unit price of each voided line as it stood just before the void (its pos.item.added, with the last pos.item.quantity.changed and pos.price.overridden before the void); 0 when its pos.item.added is unknown' },
  { name: 'receiptVoids', kind: 'count', code: 'rv', column: 'receipt_voids', inTruth: true, definition: 'count of pos.receipt.voided (cancelled before completion)' },
  { name: 'postVoids', kind: 'count', code: 'pv', column: 'post_voids', inTruth: true, definition: 'count of pos.receipt.postvoided, for the cashier on the post-void' },
  { name: 'postVoidAmount', kind: 'amount', code: 'pva', column: 'post_void_amount', inTruth: false, definition: 'Σ pos.receipt.postvoided total' },
  { name: 'refundsWithReceipt', kind: 'count', code: 'rw', column: 'refunds_with_receipt', inTruth: true, definition: 'count of pos.refund.issued with withReceipt true' },
  { name: 'refundWithReceiptAmount', kind: 'amount', code: 'rwa', column: 'refund_with_receipt_amount', inTruth: false, definition: 'Σ their amount' },
  { name: 'refundsWithoutReceipt', kind: 'count', code: 'ro', column: 'refunds_without_receipt', inTruth: true, definition: 'count of pos.refund.issued with withReceipt false' },
  { name: 'refundWithoutReceiptAmount', kind: 'amount', code: 'roa', column: 'refund_without_receipt_amount', inTruth: false, definition: 'Σ their amount' },
  {
    name: 'refundsOtherTender',
    kind: 'count',
    code: 'rt',
    column: null,
    inTruth: false,
    definition:
      'count of pos.refund.issued with withReceipt and an originalReceiptId whose receipt closed at the same store at most 7 days before the refund, and whose method is none of the methods of that receipt’s pos.payment.captured',
  },
  { name: 'refundOtherTenderAmount', kind: 'amount', code: 'rta', column: null, inTruth: false, definition: 'Σ their amount' },
  { name: 'noSaleOpens', kind: 'count', code: 'ns', column: 'no_sale_opens', inTruth: true, definition: 'count of pos.drawer.opened with reason "no_sale"' },
  { name: 'priceOverrides', kind: 'count', code: 'po', column: 'price_overrides', inTruth: true, definition: 'count of pos.price.overridden' },
  {
    name: 'priceOverrideAmount',
    kind: 'amount',
    code: 'poa',
    column: 'price_override_amount',
    inTruth: false,
    definition: 'Σ (oldPrice − newPrice) × the line’s qty just before the override (1 when its pos.item.added is unknown); an override that raises the price takes off a negative amount',
  },
  { name: 'employeeDiscounts', kind: 'count', code: 'ed', column: 'employee_discounts', inTruth: true, definition: 'count of pos.discount.applied with kind "employee"' },
  { name: 'employeeDiscountAmount', kind: 'amount', code: 'eda', column: 'employee_discount_amount', inTruth: false, definition: 'Σ their amount' },
  { name: 'manualDiscounts', kind: 'count', code: 'md', column: 'manual_discounts', inTruth: false, definition: 'count of pos.discount.applied with kind "manual"' },
  { name: 'manualDiscountAmount', kind: 'amount', code: 'mda', column: 'manual_discount_amount', inTruth: false, definition: 'Σ their amount' },
  { name: 'cashShortages', kind: 'count', code: 'cs', column: 'cash_shortages', inTruth: true, definition: 'count of pos.report.z with countedCash < expectedCash' },
  { name: 'cashShortageAmount', kind: 'amount', code: 'csa', column: 'cash_shortage_amount', inTruth: true, definition: 'Σ expectedCash − countedCash over those Z reports' },
  { name: 'scoAssists', kind: 'count', code: 'sc', column: 'sco_assists', inTruth: false, definition: 'count of pos.sco.assist.requested (no cashierId: its till and store)' },
] as const satisfies readonly MetricDefinition[];

export type MetricName = (typeof METRICS)[number]['name'];
/** The metrics of one cashier, till or store over a period: counts, units and cents. */
export type ExceptionMetrics = Record<MetricName, number>;
export type CountMetric = Extract<(typeof METRICS)[number], { kind: 'count' }>['name'];
/** Rates per 100 receipts of every count metric (null without receipts). */
export type ExceptionRates = Record<CountMetric, number | null>;

export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
export const COUNT_METRICS: readonly CountMetric[] = METRICS.filter((m) => m.kind === 'count').map((m) => m.name as CountMetric);
/** The exception kinds the simulator's truth keeps per cashier (simulator/truth/ground-truth.ts), plus its amount. */
export const TRUTH_METRICS: readonly MetricName[] = METRICS.filter((m) => m.inTruth).map((m) => m.name);

const BY_CODE = new Map<string, MetricName>(METRICS.map((m) => [m.code, m.name]));
const CODE_OF = new Map<MetricName, string>(METRICS.map((m) => [m.name, m.code]));
export const metricOfCode = (code: string): MetricName | undefined => BY_CODE.get(code);
export const codeOf = (name: MetricName): string => CODE_OF.get(name)!;

export const emptyMetrics = (): ExceptionMetrics => Object.fromEntries(METRIC_NAMES.map((n) => [n, 0])) as ExceptionMetrics;

export function addMetrics(into: ExceptionMetrics, more: Partial<ExceptionMetrics>): ExceptionMetrics {
  for (const [k, v] of Object.entries(more) as [MetricName, number][]) into[k] += v;
  return into;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Count per 100 receipts, 2 decimals; null when there are no receipts (≤ 0: more post-voids than sales). */
export function per100Receipts(count: number, receipts: number): number | null {
  return receipts > 0 ? round2((count * 100) / receipts) : null;
}

export function ratesOf(m: ExceptionMetrics): ExceptionRates {
  return Object.fromEntries(COUNT_METRICS.map((n) => [n, per100Receipts(m[n], m.receipts)])) as ExceptionRates;
}

/**
 * Average item value = sales / items, in cents with 2 decimals (null without items). Low
 * against the store's (sweethearting: goods passed for little or nothing, by overrides,
 * discounts or lines voided after the scan) is the signal.
 */
export function avgItemValue(m: Pick<ExceptionMetrics, 'sales' | 'items'>): number | null {
  return m.items > 0 ? round2(m.sales / m.items) : null;
}

/** A group's average item value relative to its store's over the same period (1 = the same), 3 decimals; null when either is unknown or the store's is 0. */
export function avgItemValueVsStore(group: number | null, store: number | null): number | null {
  return group === null || store === null || store === 0 ? null : Math.round((group / store) * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------
// How each event feeds the metrics.

/** The types that change a metric or the state the metrics need (open receipt lines, shifts, tenders). */
export const EXCEPTION_EVENT_TYPES: ReadonlySet<string> = new Set([
  'pos.shift.opened',
  'pos.shift.closed',
  'pos.item.added',
  'pos.item.voided',
  'pos.item.quantity.changed',
  'pos.price.overridden',
  'pos.payment.captured',
  'pos.discount.applied',
  'pos.receipt.closed',
  'pos.receipt.voided',
  'pos.receipt.postvoided',
  'pos.refund.issued',
  'pos.drawer.opened',
  'pos.report.z',
  'pos.sco.assist.requested',
]);

/** What the metrics read of one event: its type, its money and units (closed/post-voided total and items, refund and discount amount) and payload. */
export interface MetricEvent {
  type: string;
  amount: number;
  units: number;
  payload: Record<string, unknown>;
}

/** A line as it stands: qty and unit price (cents). */
export interface LineState {
  qty: number;
  price: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The increments one event makes, given the line it names as it stood just before it
 * (`line`, for pos.item.voided and pos.price.overridden; null when unknown). Refunds to
 * another tender need the original receipt and are counted apart (`isOtherTender`).
 */
export function metricIncrements(e: MetricEvent, line: LineState | null = null): Partial<ExceptionMetrics> {
  const p = e.payload;
  switch (e.type) {
    case 'pos.receipt.closed':
      return { receipts: 1, items: e.units, sales: e.amount };
    case 'pos.receipt.postvoided':
      return { receipts: -1, items: -e.units, sales: -e.amount, postVoids: 1, postVoidAmount: e.amount };
    case 'pos.item.added':
      return p.entry === 'keyed' ? { lines: 1, keyedLines: 1 } : { lines: 1 };
    case 'pos.item.voided':
      return { lineVoids: 1, lineVoidAmount: line ? line.qty * line.price : 0 };
    case 'pos.receipt.voided':
      return { receiptVoids: 1 };
    case 'pos.price.overridden':
      return { priceOverrides: 1, priceOverrideAmount: (num(p.oldPrice) - num(p.newPrice)) * (line ? line.qty : 1) };
    case 'pos.discount.applied':
      if (p.kind === 'employee') return { employeeDiscounts: 1, employeeDiscountAmount: e.amount };
      if (p.kind === 'manual') return { manualDiscounts: 1, manualDiscountAmount: e.amount };
      return {};
    case 'pos.refund.issued':
      return p.withReceipt === true ? { refundsWithReceipt: 1, refundWithReceiptAmount: e.amount } : { refundsWithoutReceipt: 1, refundWithoutReceiptAmount: e.amount };
    case 'pos.drawer.opened':
      return p.reason === 'no_sale' ? { noSaleOpens: 1 } : {};
    case 'pos.report.z': {
      const short = num(p.expectedCash) - num(p.countedCash);
      return short > 0 ? { cashShortages: 1, cashShortageAmount: short } : {};
    }
    case 'pos.sco.assist.requested':
      return { scoAssists: 1 };
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------
// Receipt lines: the value of a voided line, the qty of an overridden one.

/** A line event of a receipt (pos.item.added / .voided / .quantity.changed, pos.price.overridden), as the sink's rows and the worker's open receipts keep them. */
export interface LineFact {
  type: string;
  source: string;
  seq: number;
  /** `YYYY-MM-DD hh:mm:ss.sss` UTC: orders facts of different sources (a receipt normally has one). */
  occurred_at: string;
  line_id: number;
  /** pos.item.added qty; pos.item.quantity.changed newQty. */
  units: number;
  /** pos.item.added unitPrice; pos.price.overridden newPrice. */
  unit_price: number;
}

/**
 * Line `lineId` after `facts` (the receipt's line events before the one asked about, any
 * order, duplicates once): its pos.item.added with every later quantity change and price
 * override, in the receipt's order (seq, or time then source then seq across sources);
 * null when it was never added or is voided.
 */
export function lineAt(facts: readonly LineFact[], lineId: number): LineState | null {
  const mine = facts.filter((f) => f.line_id === lineId);
  if (mine.length === 0) return null;
  const seen = new Set<string>();
  const unique = mine.filter((f) => {
    const k = `${f.source}\u0000${f.seq}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const oneSource = unique.every((f) => f.source === unique[0]!.source);
  unique.sort((a, b) =>
    oneSource ? a.seq - b.seq : a.occurred_at !== b.occurred_at ? (a.occurred_at < b.occurred_at ? -1 : 1) : a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.seq - b.seq,
  );
  const line: { state: LineState | null } = { state: null };
  for (const f of unique) {
    const cur = line.state;
    if (f.type === 'pos.item.added') line.state = { qty: f.units, price: f.unit_price };
    else if (f.type === 'pos.item.voided') line.state = null;
    else if (f.type === 'pos.price.overridden' && cur) line.state = { qty: cur.qty, price: f.unit_price };
    else if (f.type === 'pos.item.quantity.changed' && cur) line.state = { qty: f.units, price: cur.price };
  }
  return line.state;
}

// ---------------------------------------------------------------------------------------
// Shifts.

/** An event more than this after its till's last pos.shift.opened / closed belongs to no shift. */
export const SHIFT_MAX_MS = 86_400_000;

/** The last pos.shift.opened or pos.shift.closed of a till (by its seq). */
export interface TillShift {
  shiftId: string;
  open: boolean;
  /** When that event occurred (epoch ms) and its seq. */
  ms: number;
  seq: number;
}

/**
 * The shift an event belongs to ('' for none), from its till's last pos.shift.opened or
 * pos.shift.closed at or before it (by the till's seq; the event's own if it is one):
 * an opened shift takes every event up to its close; a closed shift takes its close and
 * the Z report that follows it; nothing more than SHIFT_MAX_MS after that last shift event.
 */
export function shiftOf(last: TillShift | undefined, type: string, ms: number): string {
  if (!last || ms - last.ms > SHIFT_MAX_MS) return '';
  if (last.open) return last.shiftId;
  return type === 'pos.report.z' || type === 'pos.shift.closed' ? last.shiftId : '';
}

/** A till's last shift event after this one (a shift event with a higher seq moves it). */
export function nextTillShift(last: TillShift | undefined, e: { type: string; seq: number; ms: number; shiftId: string }): TillShift | undefined {
  if (e.type !== 'pos.shift.opened' && e.type !== 'pos.shift.closed') return last;
  if (last && e.seq <= last.seq) return last;
  return { shiftId: e.shiftId, open: e.type === 'pos.shift.opened', ms: e.ms, seq: e.seq };
}

// ---------------------------------------------------------------------------------------
// Refunds to another tender than the sale.

/** How long after its sale a refund's original receipt is looked up (the live state keeps receipts' tenders this long). */
export const TENDER_WINDOW_MS = 7 * 86_400_000;

/** What a refund's original receipt was paid with, and when it closed. */
export interface OriginalTender {
  closedMs: number;
  /** The methods of its pos.payment.captured (cash, card, gift, voucher). */
  methods: readonly string[];
}

/** A refund with its receipt goes to another tender than the sale: the original closed at most TENDER_WINDOW_MS before it, and its method is none of the original's. */
export function isOtherTender(refund: { ms: number; method: string }, original: OriginalTender): boolean {
  const after = refund.ms - original.closedMs;
  return after >= 0 && after <= TENDER_WINDOW_MS && !original.methods.includes(refund.method);
}
