import { z } from 'zod';
import { RESERVATION_STATES, type Reservation } from '../../lib/inventory/reservation-fields';
import { authAnswers } from '../auth/answers';

/**
 * Every answer of the reservation routes that is theirs alone: the zod schema of each
 * body (reservation-openapi.ts documents them) and the builders the routes answer with.
 * The other errors (400, 401, 403, 404, 413, 415) are the auth answers' shape.
 */
const iso = (what: string) => z.string().describe(`${what}, ISO 8601 UTC`);

export const reservationOutSchema = z
  .object({
    orderId: z.string(),
    sku: z.string(),
    locationId: z.string(),
    qty: z.int().min(1),
    state: z
      .enum(RESERVATION_STATES)
      .describe('active: held; released: by DELETE; expired: its TTL ran out; converted: the order was placed and holds it; committed: the order shipped'),
    createdAt: iso('when it was made'),
    expiresAt: iso('when an active reservation is released by itself'),
    updatedAt: iso('when its state last changed'),
  })
  .describe('One reservation: one line (SKU × location × units) of one web order');

const availableSchema = z
  .int()
  .min(0)
  .describe('available-to-promise of the SKU at the location now (on hand − reserved − safety stock; 0 when that is negative)');

export const reservationAnswerSchema = z.object({ reservation: reservationOutSchema, available: availableSchema });

export const reservationConflictSchema = z
  .object({
    error: z
      .enum(['insufficient_stock', 'order_conflict', 'not_releasable'])
      .describe(
        'insufficient_stock: fewer units available than asked; order_conflict: the orderId already holds another line; ' +
          'not_releasable: the reservation was converted into its order (cancel the order instead)',
      ),
    message: z.string(),
    available: availableSchema,
  })
  .describe('Nothing was held or released');

type Out = z.infer<typeof reservationOutSchema>;
const out = (r: Reservation): Out => ({
  orderId: r.orderId,
  sku: r.sku,
  locationId: r.locationId,
  qty: r.qty,
  state: r.state,
  createdAt: new Date(r.createdAt).toISOString(),
  expiresAt: new Date(r.expiresAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** Negative available-to-promise (book stock below zero) means nothing can be promised. */
const promisable = (available: number) => Math.max(0, available);

type Conflict = z.infer<typeof reservationConflictSchema>;

export const reservationAnswers = {
  reservation: (status: 200 | 201, r: Reservation, available: number) => {
    const body: z.infer<typeof reservationAnswerSchema> = { reservation: out(r), available: promisable(available) };
    return authAnswers.json(status, body, status === 201 ? { location: `/api/v1/inventory/reservations/${encodeURIComponent(r.orderId)}` } : {});
  },
  conflict: (error: Conflict['error'], message: string, available: number) =>
    authAnswers.json(409, { error, message, available: promisable(available) } satisfies Conflict),
  unavailable: () =>
    authAnswers.json(
      503,
      { error: 'unavailable', message: 'Redis did not answer; retry later (nothing is held twice for the same orderId)', retryAfterSeconds: 5 },
      { 'retry-after': '5' },
    ),
};
