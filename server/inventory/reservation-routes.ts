import type { Logger } from '../../lib/log';
import { RESERVATION_STATE, type Reservation } from '../../lib/inventory/reservation-fields';
import { authAnswers } from '../auth/answers';
import { readJsonBody } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { mayReserveAt } from './reservation-access';
import { reservationAnswers as answers } from './reservation-answers';
import { parseOrderId, parseReservationRequest } from './reservation-input';
import type { ReservationStore } from './reservations';
import { Answer, createGuard } from './route-guard';

/**
 * POST /api/v1/inventory/reservations, GET and DELETE /api/v1/inventory/reservations/{orderId}
 * (reservation-openapi.ts describes every answer).
 */
export interface ReservationRoutes {
  reserve: (request: Request) => Promise<Response>;
  get: (request: Request, orderId: string) => Promise<Response>;
  release: (request: Request, orderId: string) => Promise<Response>;
}

export function createReservationRoutes(d: {
  store: ReservationStore;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
  now?: () => number;
}): ReservationRoutes {
  const now = d.now ?? Date.now;

  /** Origin, session and role checked; a Redis failure is a 503 (the client retries with the same orderId, which never holds twice). */
  const guarded = createGuard({
    requirePrincipal: d.requirePrincipal,
    log: d.log,
    area: 'reservations',
    refusal: (p) => `a ${p.role} does not handle stock reservations`,
    unavailable: answers.unavailable,
  });

  /**
   * The reservation of a path's order id if the principal may see it. One outside its
   * scope is answered like a missing one: a store manager learns nothing of other
   * locations' orders.
   */
  async function visible(p: Principal, rawOrderId: string): Promise<Reservation> {
    const orderId = parseOrderId(rawOrderId);
    const r = await d.store.get(orderId);
    if (!r || !mayReserveAt(p, r.locationId)) throw new Answer(authAnswers.notFound(`no reservation for order ${orderId}`));
    return r;
  }

  return {
    reserve: (request) =>
      guarded(request, 'reserve', true, async (p) => {
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const q = parseReservationRequest(body.value);
        if (!mayReserveAt(p, q.locationId)) return authAnswers.forbidden(`locationId: you may not reserve stock at ${q.locationId}`);
        const r = await d.store.reserve(q, now());
        switch (r.kind) {
          case 'created':
            d.log.debug({ by: p.username, orderId: q.orderId, sku: q.sku, locationId: q.locationId, qty: q.qty }, 'reservations: held');
            return answers.reservation(201, r.reservation, r.available);
          case 'replayed':
            return answers.reservation(200, r.reservation, r.available);
          case 'insufficient':
            return answers.conflict('insufficient_stock', `${q.qty} × ${q.sku} asked at ${q.locationId}, ${Math.max(0, r.available)} available`, r.available);
          case 'orderConflict':
            return answers.conflict('order_conflict', `order ${q.orderId} already holds another line; one reservation per orderId`, r.available);
        }
      }),

    get: (request, rawOrderId) =>
      guarded(request, 'get', false, async (p) => {
        const r = await visible(p, rawOrderId);
        return answers.reservation(200, r, await d.store.available(r.sku, r.locationId));
      }),

    release: (request, rawOrderId) =>
      guarded(request, 'release', true, async (p) => {
        const { orderId } = await visible(p, rawOrderId);
        const r = await d.store.release(orderId, now());
        if (r.kind === 'missing') return authAnswers.notFound(`no reservation for order ${orderId}`);
        const { state } = r.reservation;
        if (state === RESERVATION_STATE.converted || state === RESERVATION_STATE.committed) {
          return answers.conflict('not_releasable', `the reservation of order ${orderId} is ${state}: its order holds the units; cancel the order instead`, r.available);
        }
        if (r.kind === 'ended') d.log.debug({ by: p.username, orderId }, 'reservations: released');
        return answers.reservation(200, r.reservation, r.available);
      }),
  };
}
