import { z } from 'zod';
import { id, sku } from '../../lib/contract/fields';
import { parseInput } from '../auth/user-input';
import type { ReserveRequest } from './reservations';

/**
 * What the reservation routes take, checked with zod; a problem is a 400 naming the field
 * (parseInput). The ids use the event contract's own rules (lib/contract/fields.ts), so
 * that a reservation names exactly the SKU, location and order id that the events of that
 * order will carry: a longer order id than `ecom.order.placed` allows could never be
 * converted into its order.
 */
export const RESERVATION_LIMITS = {
  maxQty: 10_000,
  minTtlSeconds: 1,
  maxTtlSeconds: 24 * 60 * 60,
  /** A shopping-cart hold of 15 minutes when the request names none. */
  defaultTtlSeconds: 15 * 60,
} as const;

const L = RESERVATION_LIMITS;

export const orderIdSchema = id(64).describe('the web order id (as in ecom.order.placed): one reservation per order id');

export const reservationRequestSchema = z.strictObject({
  sku: sku(),
  locationId: id(32).describe('the fulfilling location: a store id or a warehouse id'),
  qty: z.int().min(1).max(L.maxQty).describe(`units to hold, 1 to ${L.maxQty}`),
  orderId: orderIdSchema,
  ttlSeconds: z
    .int()
    .min(L.minTtlSeconds)
    .max(L.maxTtlSeconds)
    .default(L.defaultTtlSeconds)
    .describe(`how long the hold lasts before it is released by itself, ${L.minTtlSeconds} to ${L.maxTtlSeconds} s (default ${L.defaultTtlSeconds})`),
});

/** The body of POST /api/v1/inventory/reservations, or a UserInputError naming the field. */
export const parseReservationRequest = (body: unknown): ReserveRequest => parseInput(reservationRequestSchema, body);

/** The order id of a reservation's path, or a UserInputError naming `orderId`. */
export const parseOrderId = (raw: string): string => parseInput(z.strictObject({ orderId: orderIdSchema }), { orderId: raw }).orderId;
