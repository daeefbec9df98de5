/**
 * A stock reservation as it is kept in Redis: one hash per order id
 * (`redisKeys.invReservation(orderId)`), written by the reservation API
 * (server/inventory/reservations.ts) and read by the inventory worker. Both sides use
 * these names, so that neither spells a field or a state on its own.
 *
 * One reservation holds one line (sku × location × qty) of one order. While it is
 * `active`, its qty is counted in `redisKeys.invReserved(locationId)[sku]` and its order
 * id is in `redisKeys.invReservationExpiry()` scored by `expiresAt`.
 *
 * Life of a reservation:
 *
 *   active ──DELETE──────────────► released   (qty back to available; hash kept RETAIN_ENDED_SECONDS)
 *   active ──expiresAt ≤ now─────► expired    (the same, done by the sweeper)
 *   active ──ecom.order.placed───► converted  (inventory worker: the hold becomes the order's)
 *   converted ──ecom.order.shipped► committed (inventory worker: reserved and on hand both drop)
 *
 * What the inventory worker is expected to do (it is not written here):
 * - On `ecom.order.placed` whose orderId has an `active` reservation for the same line,
 *   it converts it instead of reserving again: state `converted`, `updatedAt`, ZREM from
 *   the expiry set, and it leaves `invReserved` as it is (the units stay held, now for the
 *   order). It must make that write conditional on the state still being `active` (a
 *   checkedApply `heq` check on the state field), because the sweeper or a DELETE may end
 *   the reservation between the worker's read and its write; on a failed check it
 *   re-reads and reserves for the order as if there had been no reservation.
 * - On `ecom.order.shipped`, a `converted` reservation becomes `committed` (the worker
 *   moves the units out of reserved and on hand); on `ecom.order.cancelled`, it releases
 *   the held units as for any order.
 * - An order placed with no reservation could write a `converted` hash too, so that a
 *   later reserve with that order id is answered with it and never holds a second time.
 * - Ended hashes (released, expired) carry a TTL; the worker sets the lifetime of the
 *   ones it takes over.
 */

export const RESERVATION_STATES = ['active', 'released', 'expired', 'converted', 'committed'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];

/** The states by name, e.g. `RESERVATION_STATE.active`. */
export const RESERVATION_STATE = Object.fromEntries(RESERVATION_STATES.map((s) => [s, s])) as { readonly [S in ReservationState]: S };

/** The fields of the reservation hash. Quantities are units; times are epoch milliseconds (decimal strings). */
export const RESERVATION_FIELD = {
  sku: 'sku',
  locationId: 'locationId',
  qty: 'qty',
  state: 'state',
  createdAt: 'createdAt',
  expiresAt: 'expiresAt',
  /** When the state last changed (createdAt while active). */
  updatedAt: 'updatedAt',
} as const;

/** How long a released or expired reservation is kept, so that a retry with its order id gets it back instead of a new hold. */
export const RETAIN_ENDED_SECONDS = 7 * 24 * 60 * 60;

export interface Reservation {
  orderId: string;
  sku: string;
  locationId: string;
  qty: number;
  state: ReservationState;
  createdAt: number;
  expiresAt: number;
  updatedAt: number;
}

const isState = (s: string | undefined): s is ReservationState => (RESERVATION_STATES as readonly string[]).includes(s ?? '');

/** A reservation hash as read with HGETALL, or null when it is absent or not a reservation. */
export function reservationFromHash(orderId: string, h: Record<string, string>): Reservation | null {
  const F = RESERVATION_FIELD;
  const { [F.state]: state, [F.sku]: sku, [F.locationId]: locationId } = h;
  if (!isState(state) || sku === undefined || locationId === undefined) return null;
  const num = (f: string) => Number(h[f] ?? NaN);
  return {
    orderId,
    sku,
    locationId,
    qty: num(F.qty),
    state,
    createdAt: num(F.createdAt),
    expiresAt: num(F.expiresAt),
    updatedAt: num(F.updatedAt),
  };
}
