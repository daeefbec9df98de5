import { z } from 'zod';
import { TOPICS } from '../../topics';
import { TILL, defineEvent } from '../define-event';
import { id, sku } from '../fields';

const base = { category: 'till and self-checkout', topic: TOPICS.posEvents, core: false, schemaVersion: 1 } as const;

export const posScoEvents = [
  defineEvent({
    ...base,
    requires: TILL,
    type: 'pos.sco.assist.requested',
    description: 'A self-checkout calls for an assistant (weight mismatch, unknown item, age check…).',
    payload: z.object({
      reason: z.enum(['weight_mismatch', 'unknown_item', 'age_check', 'payment_problem', 'other']),
      receiptId: id().optional(),
    }),
  }),
  defineEvent({
    ...base,
    requires: TILL,
    type: 'pos.sco.assist.resolved',
    description: 'The assistant cleared the self-checkout call.',
    payload: z.object({ assistantId: id(32), waitSeconds: z.int().min(0) }),
  }),
  defineEvent({
    ...base,
    // A self-checkout has no cashier: the assistant is in the payload.
    requires: ['storeId', 'tillId', 'receiptId'],
    type: 'pos.sco.age.verified',
    description: 'An assistant checked the customer’s age for a restricted item.',
    payload: z.object({ sku: sku(), approved: z.boolean(), assistantId: id(32) }),
  }),
];
