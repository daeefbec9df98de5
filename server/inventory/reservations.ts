import type { Redis } from 'ioredis';
import {
  RESERVATION_FIELD,
  RESERVATION_STATE,
  RETAIN_ENDED_SECONDS,
  reservationFromHash,
  type Reservation,
  type ReservationState,
} from '../../lib/inventory/reservation-fields';
import { redisKeys } from '../../lib/redis-keys';
import { endScript, reserveScript } from './reservation-scripts';

/**
 * Stock reservations on Redis that never oversell: each reserve checks available-to-promise
 * and holds the units in one Lua script (reservation-scripts.ts), so concurrent requests on
 * any number of web instances are decided one after the other. One reservation per order
 * id; the field names, states and what the inventory worker does with a reservation are
 * in lib/inventory/reservation-fields.ts. Times are epoch milliseconds, passed in so that
 * tests pin the clock.
 */
export interface ReserveRequest {
  sku: string;
  locationId: string;
  qty: number;
  orderId: string;
  ttlSeconds: number;
}

export type ReserveResult =
  /** A new hold; `available` is what is left after it. */
  | { kind: 'created'; reservation: Reservation; available: number }
  /** The order id already has a reservation of this line (in whatever state): nothing new is held. */
  | { kind: 'replayed'; reservation: Reservation; available: number }
  /** Not enough available-to-promise: nothing is held. */
  | { kind: 'insufficient'; available: number }
  /** The order id already has a reservation of another line: nothing new is held. */
  | { kind: 'orderConflict'; reservation: Reservation; available: number };

export type EndResult =
  /** `ended`: this call ended it; `unchanged`: it was no longer active (released, expired, converted, committed). */
  { kind: 'ended' | 'unchanged'; reservation: Reservation; available: number } | { kind: 'missing' };

export interface ReservationStore {
  reserve: (r: ReserveRequest, now: number) => Promise<ReserveResult>;
  /** Releases an active reservation (idempotent: an ended one is answered as it is). */
  release: (orderId: string, now: number) => Promise<EndResult>;
  /** Expires up to `limit` active reservations whose expiresAt ≤ now; how many it expired. */
  sweepExpired: (now: number, limit: number) => Promise<number>;
  get: (orderId: string) => Promise<Reservation | null>;
  /** Available-to-promise of a SKU at a location, read atomically (may be negative when the book stock is). */
  available: (sku: string, locationId: string) => Promise<number>;
}

/** The five keys both scripts take, in their order. */
const scriptKeys = (orderId: string, locationId: string) => [
  redisKeys.invReservation(orderId),
  redisKeys.invOnHand(locationId),
  redisKeys.invReserved(locationId),
  redisKeys.invSafetyStock(locationId),
  redisKeys.invReservationExpiry(),
];

/** A flat HGETALL reply as a record. */
function record(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

function parsed(orderId: string, flat: string[]): Reservation {
  const r = reservationFromHash(orderId, record(flat));
  if (!r) throw new Error(`reservation ${orderId}: the hash in Redis is not a reservation`);
  return r;
}

const sameLine = (r: Reservation, q: ReserveRequest) => r.sku === q.sku && r.locationId === q.locationId && r.qty === q.qty;

/** A reservation moving between locations under a release is next to impossible (retention ran out, and the id was reused elsewhere, between two calls): a few re-reads suffice. */
const MOVED_RETRIES = 3;

export function createReservationStore(redis: Redis, o: { retainEndedSeconds?: number } = {}): ReservationStore {
  const retainMs = (o.retainEndedSeconds ?? RETAIN_ENDED_SECONDS) * 1000;

  /** Runs the end script for one reservation at the location read first; null when it moved meanwhile. */
  async function end(orderId: string, locationId: string, state: ReservationState, now: number, dueBy: number | ''): Promise<EndResult | null> {
    const res = (await endScript(redis, scriptKeys(orderId, locationId), [orderId, locationId, state, now, dueBy, retainMs])) as [string, number?, string[]?];
    if (res[0] === 'missing') return { kind: 'missing' };
    if (res[0] === 'moved') return null;
    return { kind: res[0] as 'ended' | 'unchanged', reservation: parsed(orderId, res[2]!), available: res[1]! };
  }

  return {
    async reserve(q, now) {
      const expiresAt = now + q.ttlSeconds * 1000;
      const res = (await reserveScript(redis, scriptKeys(q.orderId, q.locationId), [q.orderId, q.sku, q.locationId, q.qty, now, expiresAt])) as [
        string,
        number,
        string[]?,
      ];
      if (res[0] === 'created') {
        const reservation: Reservation = { orderId: q.orderId, sku: q.sku, locationId: q.locationId, qty: q.qty, state: RESERVATION_STATE.active, createdAt: now, expiresAt, updatedAt: now };
        return { kind: 'created', reservation, available: res[1] };
      }
      if (res[0] === 'insufficient') return { kind: 'insufficient', available: res[1] };
      const reservation = parsed(q.orderId, res[2]!);
      return { kind: sameLine(reservation, q) ? 'replayed' : 'orderConflict', reservation, available: res[1] };
    },

    async release(orderId, now) {
      for (let attempt = 0; attempt < MOVED_RETRIES; attempt++) {
        const locationId = await redis.hget(redisKeys.invReservation(orderId), RESERVATION_FIELD.locationId);
        if (locationId === null) return { kind: 'missing' };
        const r = await end(orderId, locationId, RESERVATION_STATE.released, now, '');
        if (r) return r;
      }
      throw new Error(`reservation ${orderId} kept changing location while being released`);
    },

    async sweepExpired(now, limit) {
      const due = await redis.zrangebyscore(redisKeys.invReservationExpiry(), '-inf', now, 'LIMIT', 0, limit);
      if (due.length === 0) return 0;
      const pipe = redis.pipeline();
      for (const id of due) pipe.hget(redisKeys.invReservation(id), RESERVATION_FIELD.locationId);
      const locations = (await pipe.exec()) ?? [];
      // A missing hash is passed as location '': the script then drops the stray expiry
      // entry, or answers 'moved' if a new reservation appeared meanwhile (next sweep).
      const ended = await Promise.all(
        due.map((id, i) => {
          const [err, loc] = locations[i] ?? [null, null];
          if (err) throw err;
          return end(id, (loc as string | null) ?? '', RESERVATION_STATE.expired, now, now);
        }),
      );
      return ended.filter((r) => r?.kind === 'ended').length;
    },

    async get(orderId) {
      const h = await redis.hgetall(redisKeys.invReservation(orderId));
      return Object.keys(h).length === 0 ? null : reservationFromHash(orderId, h);
    },

    async available(sku, locationId) {
      const res = await redis
        .multi()
        .hget(redisKeys.invOnHand(locationId), sku)
        .hget(redisKeys.invReserved(locationId), sku)
        .hget(redisKeys.invSafetyStock(locationId), sku)
        .exec();
      const [onHand, reserved, safety] = (res ?? []).map(([err, v]) => {
        if (err) throw err;
        return Number(v ?? 0) || 0;
      });
      return onHand! - reserved! - safety!;
    },
  };
}
