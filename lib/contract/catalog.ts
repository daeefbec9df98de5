import type { z } from 'zod';
import type { EventDefinition } from './define-event';
import type { Envelope } from './envelope';
import { ecomEvents } from './events/ecom';
import { hqEvents } from './events/hq';
import { posCashEvents } from './events/pos-cash';
import { posPaymentEvents } from './events/pos-payment';
import { posReceiptEvents } from './events/pos-receipt';
import { posScoEvents } from './events/pos-sco';
import { posShiftEvents } from './events/pos-shift';
import { stockEvents } from './events/stock';

/** Every event type of the contract, grouped as a till exports them. */
export const EVENT_DEFINITIONS = [
  ...posShiftEvents,
  ...posReceiptEvents,
  ...posPaymentEvents,
  ...posCashEvents,
  ...posScoEvents,
  ...ecomEvents,
  ...stockEvents,
  ...hqEvents,
] as const;

type Definition = (typeof EVENT_DEFINITIONS)[number];
export type EventType = Definition['type'];

export const EVENTS_BY_TYPE: ReadonlyMap<string, EventDefinition> = new Map(
  EVENT_DEFINITIONS.map((d) => [d.type, d as EventDefinition]),
);

if (EVENTS_BY_TYPE.size !== EVENT_DEFINITIONS.length) throw new Error('an event type is defined twice');

/** A valid event of one type: the envelope with that type's payload. */
export type EventOf<T extends EventType> = Omit<Envelope, 'type' | 'payload'> & {
  type: T;
  payload: z.infer<Extract<Definition, { type: T }>['payload']>;
};

/** Any valid event, discriminated by `type`. */
export type TillstreamEvent = { [T in EventType]: EventOf<T> }[EventType];
