import { z } from 'zod';
import { RECEIPT_FLAGS, type CashierReceiptsAnswer, type ReceiptFlag, type ReceiptJournalAnswer } from '../../lib/loss/journal-answers';

/**
 * The answers of the drill-down routes as zod schemas, from which the OpenAPI document
 * (journal-openapi.ts) is generated. The types are in lib/loss/journal-answers.ts; the lines at
 * the end stop compiling when the two drift apart.
 */
const at = z.string().describe('ISO 8601 UTC');
const cents = (what: string) => z.int().describe(`cents: ${what}`);
const status = z
  .enum(['open', 'closed', 'voided', 'postvoided', 'refund'])
  .describe('closed: a sale; voided: cancelled before payment; postvoided: closed, then reversed; refund: a refund receipt; open: no end in history');

const refund = z.object({
  eventId: z.string(),
  occurredAt: at,
  receiptId: z.string().describe('the refund’s own receipt'),
  tillId: z.string(),
  cashierId: z.string(),
  amount: cents('paid back'),
  withReceipt: z.boolean(),
  method: z.string(),
  lines: z.array(z.object({ sku: z.string(), qty: z.int() })),
});

export const journalEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  source: z.string(),
  seq: z.int(),
  occurredAt: at,
  storeId: z.string(),
  tillId: z.string(),
  cashierId: z.string().describe('"" when the event carries none'),
  receiptId: z.string().describe('the event’s own receipt id ("" for till events; a refund’s own receipt)'),
  relation: z
    .enum(['receipt', 'refund', 'till'])
    .describe('receipt: carries the receipt’s id; refund: a refund naming it as originalReceiptId; till: an event of its till without a receipt id inside it (a supervisor’s elevation, the drawer)'),
  approval: z.boolean().describe('a supervisor’s approval: pos.cashier.elevated, or a payload with supervisorId or assistantId'),
  payload: z.record(z.string(), z.unknown()).describe('the payload as accepted'),
});

export const receiptSummarySchema = z.object({
  status,
  storeId: z.string(),
  tills: z.array(z.string()),
  cashiers: z.array(z.string()).describe('every cashier with an event on it, in order'),
  openedAt: at.nullable(),
  endedAt: at.nullable().describe('the close, void or refund'),
  lines: z.array(
    z.object({
      lineId: z.int(),
      sku: z.string(),
      entry: z.string().describe('scanned or keyed'),
      addedQty: z.int(),
      addedUnitPrice: cents('as rung up'),
      qty: z.int().describe('after quantity changes'),
      unitPrice: cents('after overrides'),
      value: cents('qty × unitPrice; 0 when voided (before receipt discounts)'),
      voided: z.boolean(),
      quantityChanges: z.int(),
      overrides: z.array(z.object({ oldPrice: z.int(), newPrice: z.int(), reason: z.string().nullable(), supervisorId: z.string().nullable() })),
    }),
  ),
  subtotal: cents('Σ line values'),
  discounts: z.array(z.object({ kind: z.string(), amount: z.int(), lineId: z.int().nullable(), promotionId: z.string().nullable() })),
  discountTotal: cents('Σ discounts'),
  payments: z.array(z.object({ method: z.string(), amount: z.int() })).describe('pos.payment.captured'),
  declined: z.array(z.object({ method: z.string(), amount: z.int(), reason: z.string() })).describe('pos.payment.declined'),
  changeGiven: cents('Σ pos.change.given'),
  total: z.int().nullable().describe('cents: pos.receipt.closed total (null before a close)'),
  items: z.int().nullable(),
  closedLines: z.int().nullable(),
  computedTotal: cents('subtotal − discounts'),
  voidReason: z.string().nullable(),
  postVoid: z
    .object({ eventId: z.string(), occurredAt: at, cashierId: z.string(), total: z.int(), reason: z.string().nullable(), supervisorId: z.string().nullable() })
    .nullable(),
  refund: refund.nullable().describe('a refund receipt: what it paid back'),
  refundedBy: z.array(refund).describe('later refunds naming this receipt'),
  approvals: z.array(z.object({ occurredAt: at, eventId: z.string(), type: z.string(), supervisorId: z.string(), action: z.string() })),
});

export const receiptJournalAnswerSchema = z
  .object({
    receiptId: z.string(),
    storeId: z.string(),
    timezone: z.string().nullable().describe('the store’s (null: not in the master data)'),
    currency: z.string().nullable(),
    events: z.array(journalEventSchema).describe('by occurredAt, then source and seq'),
    summary: receiptSummarySchema,
    truncated: z.boolean().describe('more than 5,000 events carry the id: the latest were left out'),
    generatedAt: at,
  })
  .describe('The full event journal of one receipt, reconstructed from ClickHouse');

export const cashierReceiptRowSchema = z.object({
  storeId: z.string(),
  receiptId: z.string(),
  tillId: z.string(),
  status,
  startedAt: at.describe('its first event'),
  endedAt: at.nullable(),
  total: z.int().nullable().describe('cents: the closed total, a refund receipt’s amount as a negative; null while open or voided'),
  items: z.int(),
  lineCount: z.int().describe('lines rung up, voided ones too'),
  exceptions: z
    .object(Object.fromEntries(RECEIPT_FLAGS.map((f) => [f.name, z.int().optional().describe(f.label)])) as Record<ReceiptFlag, z.ZodOptional<z.ZodInt>>)
    .describe('how many of each exception it carries (only those above 0)'),
});

export const cashierReceiptsAnswerSchema = z
  .object({
    cashierId: z.string(),
    storeId: z.string().nullable().describe('the store whose timezone defines the days'),
    timezone: z.string(),
    currency: z.string().nullable(),
    period: z.object({ label: z.enum(['today', 'range']), from: z.string(), to: z.string() }),
    exceptionsOnly: z.boolean(),
    receipts: z.array(cashierReceiptRowSchema).describe('newest first'),
    nextCursor: z.string().nullable(),
    generatedAt: at,
  })
  .describe('One cashier’s receipts over store-local days, with the exceptions each carries');

// Both ways: the schemas describe exactly the types.
const _j = (x: z.infer<typeof receiptJournalAnswerSchema>): ReceiptJournalAnswer => x;
const _jBack = (x: ReceiptJournalAnswer): z.infer<typeof receiptJournalAnswerSchema> => x;
const _r = (x: z.infer<typeof cashierReceiptsAnswerSchema>): CashierReceiptsAnswer => x;
const _rBack = (x: CashierReceiptsAnswer): z.infer<typeof cashierReceiptsAnswerSchema> => x;
