import { describe, expect, it, vi } from 'vitest';
import type { Reservation } from '../../lib/inventory/reservation-fields';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { openApiDocument } from '../openapi/api';
import { createReservationRoutes } from './reservation-routes';
import type { EndResult, ReservationStore, ReserveResult } from './reservations';

/**
 * The routes over a stand-in store: who may do what, and which answer each outcome gets,
 * every answer checked against the OpenAPI document. The store itself is tested against
 * real Redis (reservations.int.test.ts).
 */
const ORIGIN = 'http://127.0.0.1:3000';
const NOW = Date.parse('2026-11-21T10:00:00Z');
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  merch: { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' },
  manager: { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] },
  fraud: { userId: 'u4', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
};
const held: Reservation = { orderId: 'W-1', sku: 'SKU-1', locationId: 'S001', qty: 2, state: 'active', createdAt: NOW, expiresAt: NOW + 900_000, updatedAt: NOW };
const line = { sku: 'SKU-1', locationId: 'S001', qty: 2, orderId: 'W-1' };
const check = openApiChecker(openApiDocument('test'));

function setup(o: { reserve?: ReserveResult; release?: EndResult; get?: Reservation | null; fail?: boolean } = {}) {
  const boom = () => Promise.reject(new Error('ECONNREFUSED'));
  const store: ReservationStore = {
    reserve: vi.fn(o.fail ? boom : () => Promise.resolve<ReserveResult>(o.reserve ?? { kind: 'created', reservation: held, available: 48 })),
    release: vi.fn(() => Promise.resolve<EndResult>(o.release ?? { kind: 'ended', reservation: { ...held, state: 'released' }, available: 50 })),
    sweepExpired: vi.fn(() => Promise.resolve(0)),
    get: vi.fn(o.fail ? boom : () => Promise.resolve(o.get === undefined ? held : o.get)),
    available: vi.fn(() => Promise.resolve(48)),
  };
  const routes = createReservationRoutes({
    store,
    requirePrincipal: (r) => Promise.resolve(users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated()),
    log: createLogger({ level: 'silent' }),
    now: () => NOW,
  });
  return { store, routes };
}

const request = (method: string, user: string | null, o: { body?: unknown; origin?: string | null; path?: string; type?: string } = {}) =>
  new Request(`${ORIGIN}${o.path ?? '/api/v1/inventory/reservations'}`, {
    method,
    headers: {
      host: '127.0.0.1:3000',
      ...(user ? { 'x-user': user } : {}),
      ...(o.origin === null || method === 'GET' ? {} : { origin: o.origin ?? ORIGIN }),
      ...(o.body === undefined ? {} : { 'content-type': o.type ?? 'application/json' }),
    },
    ...(o.body === undefined ? {} : { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
  });

/** The answer's status and body, checked against the document for its path. */
async function answer(res: Response, docPath: string, method: string) {
  const body = (await res.json()) as Record<string, unknown>;
  expect(check.checkBody(docPath, method, res.status, body), `${method} ${res.status} ${JSON.stringify(body)}`).toBeNull();
  return { status: res.status, body, headers: res.headers };
}
const POST_PATH = '/api/v1/inventory/reservations';
const ONE_PATH = '/api/v1/inventory/reservations/{orderId}';
const reserve = async (routes: ReturnType<typeof setup>['routes'], user: string | null, o: Parameters<typeof request>[2] = {}) =>
  answer(await routes.reserve(request('POST', user, { body: line, ...o })), POST_PATH, 'post');

describe('POST /api/v1/inventory/reservations', () => {
  it('201 with the reservation, what is left and its Location; the store gets the parsed line and the clock', async () => {
    const { routes, store } = setup();
    const r = await reserve(routes, 'admin');
    expect(r).toMatchObject({ status: 201, body: { reservation: { orderId: 'W-1', state: 'active', expiresAt: '2026-11-21T10:15:00.000Z' }, available: 48 } });
    expect(r.headers.get('location')).toBe('/api/v1/inventory/reservations/W-1');
    expect(store.reserve).toHaveBeenCalledWith({ ...line, ttlSeconds: 900 }, NOW);
    expect(check.checkBody(POST_PATH, 'post', 201, { reservation: {}, available: 48 }), 'the document checks bodies').not.toBeNull();
  });

  it('200 for a replay; 409 for too little stock (never a negative available) and for another line of the same order', async () => {
    expect(await reserve(setup({ reserve: { kind: 'replayed', reservation: held, available: 3 } }).routes, 'merch')).toMatchObject({ status: 200, body: { available: 3 } });
    expect(await reserve(setup({ reserve: { kind: 'insufficient', available: -4 } }).routes, 'admin')).toMatchObject({
      status: 409,
      body: { error: 'insufficient_stock', available: 0 },
    });
    expect(await reserve(setup({ reserve: { kind: 'orderConflict', reservation: held, available: 7 } }).routes, 'admin')).toMatchObject({
      status: 409,
      body: { error: 'order_conflict', available: 7 },
    });
  });

  it('a store manager reserves at its stores only; a fraud analyst not at all; nobody without a session', async () => {
    const { routes, store } = setup();
    expect((await reserve(routes, 'manager')).status).toBe(201);
    expect(await reserve(routes, 'manager', { body: { ...line, locationId: 'S003' } })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await reserve(routes, 'manager', { body: { ...line, locationId: 'WH1' } })).toMatchObject({ status: 403 });
    expect(await reserve(routes, 'fraud')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await reserve(routes, null)).status).toBe(401);
    expect(store.reserve).toHaveBeenCalledTimes(1);
  });

  it('checks Origin before anything else', async () => {
    const { routes, store } = setup();
    expect(await reserve(routes, 'admin', { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await reserve(routes, null, { origin: null })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(store.reserve).not.toHaveBeenCalled();
  });

  it('400 naming the field, 415 for another content type, 503 when Redis fails', async () => {
    const { routes } = setup();
    expect(await reserve(routes, 'admin', { body: { ...line, qty: 0 } })).toMatchObject({ status: 400, body: { field: 'qty' } });
    expect(await reserve(routes, 'admin', { body: '{"sku":' })).toMatchObject({ status: 400, body: { field: '' } });
    expect((await reserve(routes, 'admin', { type: 'text/plain' })).status).toBe(415);
    const down = await reserve(setup({ fail: true }).routes, 'admin');
    expect(down).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    expect(down.headers.get('retry-after')).toBe('5');
  });
});

describe('GET and DELETE /api/v1/inventory/reservations/{orderId}', () => {
  const path = '/api/v1/inventory/reservations/W-1';
  const get = async (routes: ReturnType<typeof setup>['routes'], user: string, orderId = 'W-1') =>
    answer(await routes.get(request('GET', user, { path }), orderId), ONE_PATH, 'get');
  const del = async (routes: ReturnType<typeof setup>['routes'], user: string, o: { origin?: string } = {}) =>
    answer(await routes.release(request('DELETE', user, { path, ...o }), 'W-1'), ONE_PATH, 'delete');

  it('GET: 200 with the current available; 404 when missing or outside the caller’s stores; 400 for a bad order id', async () => {
    expect(await get(setup().routes, 'manager')).toMatchObject({ status: 200, body: { reservation: { orderId: 'W-1' }, available: 48 } });
    expect((await get(setup({ get: null }).routes, 'admin')).status).toBe(404);
    const elsewhere = await get(setup({ get: { ...held, locationId: 'S009' } }).routes, 'manager');
    expect(elsewhere).toMatchObject({ status: 404, body: { message: 'no reservation for order W-1' } });
    expect(await get(setup().routes, 'admin', 'W 1')).toMatchObject({ status: 400, body: { field: 'orderId' } });
    expect((await get(setup().routes, 'fraud')).status).toBe(403);
    expect((await get(setup({ fail: true }).routes, 'admin')).status).toBe(503);
  });

  it('DELETE: 200 released (also when it already was, or expired); 409 once the order holds it; 404; Origin checked', async () => {
    const { routes, store } = setup();
    expect(await del(routes, 'admin')).toMatchObject({ status: 200, body: { reservation: { state: 'released' }, available: 50 } });
    expect(store.release).toHaveBeenCalledWith('W-1', NOW);
    for (const state of ['released', 'expired'] as const) {
      expect((await del(setup({ release: { kind: 'unchanged', reservation: { ...held, state }, available: 50 } }).routes, 'merch')).status).toBe(200);
    }
    for (const state of ['converted', 'committed'] as const) {
      expect(await del(setup({ release: { kind: 'unchanged', reservation: { ...held, state }, available: 48 } }).routes, 'admin')).toMatchObject({
        status: 409,
        body: { error: 'not_releasable' },
      });
    }
    expect((await del(setup({ get: null }).routes, 'admin')).status).toBe(404);
    expect((await del(setup({ release: { kind: 'missing' } }).routes, 'admin')).status).toBe(404);
    const other = setup({ get: { ...held, locationId: 'S009' } });
    expect((await del(other.routes, 'manager')).status).toBe(404);
    expect(other.store.release).not.toHaveBeenCalled();
    expect((await del(routes, 'admin', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await del(routes, 'fraud')).status).toBe(403);
  });
});
