import { z } from 'zod';
import { TOPICS } from '../../topics';
import { CASHIER, RECEIPT, defineEvent } from '../define-event';
import { id, money, nonNegativeMoney, quantity, sku, text } from '../fields';

const base = { category: 'returns and cash', topic: TOPICS.posEvents, schemaVersion: 1 } as const;

export const posCashEvents = [
  defineEvent({
    ...base,
    core: true,
    requires: RECEIPT,
    type: 'pos.refund.issued',
    description: 'Money is returned to a customer for goods brought back, with or without the original receipt.',
    payload: z.object({
      amount: nonNegativeMoney(),
      withReceipt: z.boolean(),
      originalReceiptId: id().optional(),
      method: text(32),
      lines: z.array(z.object({ sku: sku(), qty: quantity() })).min(1).max(500),
    }),
  }),
  defineEvent({
    ...base,
    core: true,
    requires: CASHIER,
    type: 'pos.drawer.opened',
    description: 'The cash drawer opens; "no_sale" is an opening without a transaction.',
    payload: z.object({ reason: z.enum(['sale', 'no_sale', 'cash_in', 'cash_out']) }),
  }),
  defineEvent({
    ...base,
    core: false,
    requires: CASHIER,
    type: 'pos.drawer.closed',
    description: 'The cash drawer is closed again.',
    payload: z.object({ openSeconds: z.int().min(0) }),
  }),
  defineEvent({
    ...base,
    core: false,
    requires: CASHIER,
    type: 'pos.cash.in',
    description: 'Cash is put into the drawer outside a sale (float top-up).',
    payload: z.object({ amount: nonNegativeMoney(), reason: text() }),
  }),
  defineEvent({
    ...base,
    core: false,
    requires: CASHIER,
    type: 'pos.cash.out',
    description: 'Cash is taken out of the drawer outside a sale (skim to the safe, petty cash).',
    payload: z.object({ amount: nonNegativeMoney(), reason: text() }),
  }),
  defineEvent({
    ...base,
    core: false,
    requires: CASHIER,
    type: 'pos.report.x',
    description: 'A mid-day X report: running totals without closing the day.',
    payload: z.object({ receipts: z.int().min(0), gross: money(), expectedCash: money() }),
  }),
  defineEvent({
    ...base,
    core: true,
    requires: CASHIER,
    type: 'pos.report.z',
    description: 'The end-of-day Z report: expected cash against the cash counted in the drawer.',
    payload: z.object({ expectedCash: money(), countedCash: money() }),
  }),
];
