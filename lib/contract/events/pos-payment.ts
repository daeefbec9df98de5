import { z } from 'zod';
import { TOPICS } from '../../topics';
import { RECEIPT, defineEvent } from '../define-event';
import { money, nonNegativeMoney, paymentMethod, text } from '../fields';

const base = { category: 'payment', topic: TOPICS.posEvents, requires: RECEIPT, schemaVersion: 1 } as const;

/** No card data is ever accepted: a payment names its method and amount only. */
export const posPaymentEvents = [
  defineEvent({
    ...base,
    core: true,
    type: 'pos.payment.captured',
    description: 'A payment is taken for the receipt (cash, card, gift card or voucher).',
    payload: z.object({ method: paymentMethod(), amount: money() }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.payment.declined',
    description: 'A payment attempt is refused (card declined, voucher invalid).',
    payload: z.object({ method: paymentMethod(), amount: nonNegativeMoney(), reason: text(64) }),
  }),
  defineEvent({
    ...base,
    core: false,
    type: 'pos.change.given',
    description: 'Cash change handed back to the customer.',
    payload: z.object({ amount: nonNegativeMoney() }),
  }),
];
