/**
 * The answers of the loss-prevention drill-down routes (server/loss/journal-*.ts and
 * server/loss/cashier-receipts-*.ts): one receipt's full event journal, and one cashier's
 * receipts with the exceptions each carries. Here so that the browser reads them with the same
 * types; the zod schemas of the OpenAPI document (server/loss/journal-answers.ts) are held to
 * them at compile time. Plain types and values only: this file is browser-safe.
 */

/** How an event belongs to the receipt's journal. */
export type JournalRelation =
  /** It carries the receipt's id (its lines, payments, close, void, a post-void of it). */
  | 'receipt'
  /** A `pos.refund.issued` naming the receipt as its `originalReceiptId`. */
  | 'refund'
  /** An event of the same till without a receipt id, inside the receipt (a supervisor's elevation just before one of its events, the drawer opened or closed after one). */
  | 'till';

export interface JournalEvent {
  id: string;
  type: string;
  source: string;
  seq: number;
  /** ISO 8601 UTC. */
  occurredAt: string;
  storeId: string;
  tillId: string;
  /** '' when the event carries none (a self-checkout's assistance call). */
  cashierId: string;
  /** The event's own receipt id ('' for till events; a refund's own receipt). */
  receiptId: string;
  relation: JournalRelation;
  /** A supervisor's approval: `pos.cashier.elevated`, or a payload with a `supervisorId` / `assistantId`. */
  approval: boolean;
  /** The event's payload as it was accepted. */
  payload: Record<string, unknown>;
}

export interface JournalLine {
  lineId: number;
  sku: string;
  entry: string;
  /** As rung up. */
  addedQty: number;
  addedUnitPrice: number;
  /** After every quantity change and price override (cents). */
  qty: number;
  unitPrice: number;
  /** qty × unitPrice, 0 when voided (cents, before receipt-level discounts). */
  value: number;
  voided: boolean;
  quantityChanges: number;
  /** Each override of the line in order. */
  overrides: { oldPrice: number; newPrice: number; reason: string | null; supervisorId: string | null }[];
}

export interface JournalApproval {
  occurredAt: string;
  eventId: string;
  type: string;
  /** The supervisor (or self-checkout assistant) who approved. */
  supervisorId: string;
  /** `pos.cashier.elevated` action, or what the event approved. */
  action: string;
}

export interface JournalRefund {
  eventId: string;
  occurredAt: string;
  /** The refund's own receipt. */
  receiptId: string;
  tillId: string;
  cashierId: string;
  amount: number;
  withReceipt: boolean;
  method: string;
  lines: { sku: string; qty: number }[];
}

export type ReceiptStatus = 'open' | 'closed' | 'voided' | 'postvoided' | 'refund';

export interface ReceiptSummary {
  status: ReceiptStatus;
  storeId: string;
  /** Tills and cashiers with events on the receipt, in order of appearance. */
  tills: string[];
  cashiers: string[];
  openedAt: string | null;
  /** The close, void or refund, whichever ended it. */
  endedAt: string | null;
  lines: JournalLine[];
  /** Σ line values of lines not voided (cents). */
  subtotal: number;
  discounts: { kind: string; amount: number; lineId: number | null; promotionId: string | null }[];
  discountTotal: number;
  payments: { method: string; amount: number }[];
  declined: { method: string; amount: number; reason: string }[];
  changeGiven: number;
  /** `pos.receipt.closed` total / items / lines (null before a close). */
  total: number | null;
  items: number | null;
  closedLines: number | null;
  /** subtotal − discounts, for comparison with the till's total. */
  computedTotal: number;
  voidReason: string | null;
  postVoid: { eventId: string; occurredAt: string; cashierId: string; total: number; reason: string | null; supervisorId: string | null } | null;
  /** A refund receipt: what it paid back. */
  refund: JournalRefund | null;
  /** Later refunds naming this receipt as their original. */
  refundedBy: JournalRefund[];
  approvals: JournalApproval[];
}

export interface ReceiptJournalAnswer {
  receiptId: string;
  storeId: string;
  timezone: string | null;
  currency: string | null;
  /** By occurredAt, then source and seq. */
  events: JournalEvent[];
  summary: ReceiptSummary;
  /** More events than the journal shows (a broken producer): the latest were left out. */
  truncated: boolean;
  generatedAt: string;
}

/** The exceptions a receipt of the list can carry, in the order a row lists them. */
export const RECEIPT_FLAGS = [
  { name: 'lineVoids', label: 'line voids' },
  { name: 'priceOverrides', label: 'price overrides' },
  { name: 'employeeDiscounts', label: 'employee discounts' },
  { name: 'manualDiscounts', label: 'manual discounts' },
  { name: 'keyedLines', label: 'keyed lines' },
  { name: 'voided', label: 'voided' },
  { name: 'postVoided', label: 'post-voided' },
  { name: 'refunded', label: 'refunded' },
  { name: 'refundWithoutReceipt', label: 'refund without receipt' },
  { name: 'approvals', label: 'supervisor approvals' },
] as const;

export type ReceiptFlag = (typeof RECEIPT_FLAGS)[number]['name'];

export interface CashierReceiptRow {
  storeId: string;
  receiptId: string;
  tillId: string;
  status: ReceiptStatus;
  /** The receipt's first event (ISO 8601 UTC). */
  startedAt: string;
  /** The close, void or refund (null while open). */
  endedAt: string | null;
  /** Closed total, or a refund receipt's amount as a negative (cents); null while open or voided. */
  total: number | null;
  items: number;
  /** Lines rung up (voided ones too). */
  lineCount: number;
  /** How many of each exception it carries; only those above 0. */
  exceptions: Partial<Record<ReceiptFlag, number>>;
}

export interface CashierReceiptsAnswer {
  cashierId: string;
  /** The store whose timezone defines the days (the cashier's latest store, or the one asked). */
  storeId: string | null;
  timezone: string;
  currency: string | null;
  period: { label: 'today' | 'range'; from: string; to: string };
  exceptionsOnly: boolean;
  /** Newest first. */
  receipts: CashierReceiptRow[];
  nextCursor: string | null;
  generatedAt: string;
}
