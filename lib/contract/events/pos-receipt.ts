import { z } from 'zod';
import { TOPICS } from '../../topics';
import { RECEIPT, defineEvent } from '../define-event';
import { id, lineId, money, nonNegativeMoney, quantity, sku, text } from '../fields';

const base = { category: 'receipt', topic: TOPICS.posEvents, requires: RECEIPT, schemaVersion: 1 } as const;

export const posReceiptEvents = [
  defineEvent({
    ...base,
    core: true,
    type: 'pos.receipt.opened',
    description: 'The first scan (or key press) of a new receipt.',
    payload: z.object({}),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.item.added',
    description: 'A line is added to the open receipt.',
    payload: z.object({
      lineId: lineId(),
      sku: sku(),
      qty: quantity(),
      unitPrice: nonNegativeMoney(),
      entry: z.enum(['scanned', 'keyed']).describe('scanned barcode or keyed in by hand'),
    }),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.item.voided',
    description: 'A line void: the line is removed from the open receipt.',
    payload: z.object({ lineId: lineId() }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.item.quantity.changed',
    description: 'The quantity of an open line is changed.',
    payload: z.object({ lineId: lineId(), oldQty: quantity(), newQty: quantity() }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.item.marked.scanned',
    description: 'The individual mark of a traceable item (tobacco, alcohol, medicine) is scanned.',
    payload: z.object({ lineId: lineId(), markCode: text(128) }),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.price.overridden',
    description: 'The price of a line is changed by hand.',
    payload: z.object({
      lineId: lineId(),
      oldPrice: nonNegativeMoney(),
      newPrice: nonNegativeMoney(),
      reason: text(),
      supervisorId: id(32).optional(),
    }),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.discount.applied',
    description: 'A discount on a line or on the whole receipt.',
    payload: z.object({
      kind: z.enum(['promotion', 'employee', 'manual', 'coupon', 'loyalty']),
      amount: nonNegativeMoney(),
      lineId: lineId().optional(),
      promotionId: id().optional(),
    }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.coupon.redeemed',
    description: 'A coupon is accepted on the receipt (its discount follows as pos.discount.applied).',
    payload: z.object({ couponCode: id(), promotionId: id().optional() }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.coupon.rejected',
    description: 'A coupon is refused (expired, not applicable, already used).',
    payload: z.object({ couponCode: id(), reason: z.enum(['expired', 'not_applicable', 'already_used', 'unknown']) }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.loyalty.identified',
    description: 'A loyalty card is presented; the id is pseudonymous, never a person.',
    payload: z.object({ loyaltyId: id(64).describe('pseudonymous loyalty id') }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.loyalty.points',
    description: 'Loyalty points earned or redeemed on the receipt.',
    payload: z.object({ loyaltyId: id(64), earned: z.int().min(0), redeemed: z.int().min(0) }),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.receipt.closed',
    description: 'The receipt is completed and paid: a sale. Its total and items are authoritative.',
    payload: z.object({
      total: money().describe('what the customer paid: lines less discounts, in cents'),
      items: z.int().min(0).describe('units sold'),
      lines: z.int().min(0).describe('lines on the receipt (voided lines excluded)'),
    }),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.receipt.voided',
    description: 'The open receipt is cancelled before completion: not a sale.',
    payload: z.object({ reason: text() }),
  }),
  defineEvent({
    ...base,
    core: true,
    type: 'pos.receipt.postvoided',
    description: 'A closed receipt (named by receiptId) is reversed after completion.',
    payload: z.object({ total: money(), items: z.int().min(0), reason: text().optional(), supervisorId: id(32).optional() }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.receipt.suspended',
    description: 'The open receipt is parked to serve another customer.',
    payload: z.object({ lines: z.int().min(0), subtotal: money() }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.receipt.resumed',
    description: 'A parked receipt is taken up again.',
    payload: z.object({ suspendedSeconds: z.int().min(0) }),
  }),
];
