import { z } from 'zod';
import { TOPICS } from '../../topics';
import { CASHIER, TILL, defineEvent } from '../define-event';
import { id, money, text } from '../fields';

const base = { category: 'shift and access', topic: TOPICS.posEvents, core: false, schemaVersion: 1 } as const;

export const posShiftEvents = [
  defineEvent({
    ...base,
    type: 'pos.shift.opened',
    description: 'A cashier opens a shift on a till with a starting float in the drawer.',
    requires: CASHIER,
    payload: z.object({ shiftId: id(), openingFloat: money() }),
  }),
  defineEvent({
    ...base,
    type: 'pos.shift.closed',
    description: 'The shift ends; the till reports its receipts and takings for the shift.',
    requires: CASHIER,
    payload: z.object({ shiftId: id(), receipts: z.int().min(0), takings: money() }),
  }),
  defineEvent({
    ...base,
    type: 'pos.cashier.login',
    description: 'A cashier signs in at a till.',
    requires: CASHIER,
    payload: z.object({ method: z.enum(['badge', 'pin', 'password']) }),
  }),
  defineEvent({
    ...base,
    type: 'pos.cashier.logout',
    description: 'A cashier signs out of a till (or is signed out after inactivity).',
    requires: CASHIER,
    payload: z.object({ reason: z.enum(['manual', 'timeout', 'shift_end']) }),
  }),
  defineEvent({
    ...base,
    type: 'pos.cashier.elevated',
    description: 'A supervisor authorises a restricted action at the till (void, override, refund…).',
    requires: CASHIER,
    payload: z.object({ supervisorId: id(32), action: text(64) }),
  }),
  defineEvent({
    ...base,
    type: 'pos.till.rebooted',
    description: 'The till restarted; events before it were flushed from its local journal.',
    requires: TILL,
    payload: z.object({ reason: z.enum(['update', 'crash', 'power', 'manual']), uptimeSeconds: z.int().min(0) }),
  }),
];
