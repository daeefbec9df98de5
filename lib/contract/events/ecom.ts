import { z } from 'zod';
import { TOPICS } from '../../topics';
import { defineEvent } from '../define-event';
import { id, money, nonNegativeMoney, quantity, sku } from '../fields';

const base = { category: 'web shop', topic: TOPICS.ecomEvents, core: true, schemaVersion: 1, requires: [] } as const;

export const ecomEvents = [
  defineEvent({
    ...base,
    type: 'ecom.order.placed',
    description: 'A web-shop order is placed; stock is reserved at the fulfilling location.',
    payload: z.object({
      orderId: id(),
      lines: z.array(z.object({ sku: sku(), qty: quantity(), unitPrice: nonNegativeMoney() })).min(1).max(500),
      total: money(),
      locationId: id(32).describe('fulfilling location: a store or a warehouse'),
    }),
  }),
  defineEvent({
    ...base,
    type: 'ecom.order.paid',
    description: 'The payment of a web-shop order is captured.',
    payload: z.object({ orderId: id(), amount: money() }),
  }),
  defineEvent({
    ...base,
    type: 'ecom.order.cancelled',
    description: 'A web-shop order is cancelled; what was paid is refunded.',
    payload: z.object({ orderId: id(), refundedAmount: nonNegativeMoney() }),
  }),
  defineEvent({
    ...base,
    type: 'ecom.order.shipped',
    description: 'A web-shop order leaves the fulfilling location.',
    payload: z.object({ orderId: id() }),
  }),
];
