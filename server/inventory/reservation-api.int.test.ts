import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../../lib/clients/redis';
import { redisKeys } from '../../lib/redis-keys';
import { freePort } from '../../lib/ports';
import { openApiChecker } from '../../test/openapi-checker';
import { startTillstream, waitForHealth, type TillstreamProcess } from '../../test/tillstream-process';
import { DEMO_PASSWORD } from '../auth/demo-users';

/**
 * The reservation routes through the real server (ROLES=web) on the run's Kafka and Redis
 * database 13 (no other test uses it; flushed before the server starts): 1,000 concurrent
 * reservations over HTTP, every answer of the routes, and expiry by the web role's sweeper.
 * Every answer is checked against the served OpenAPI document.
 */
const DB = 13;
const POST_PATH = '/api/v1/inventory/reservations';
const ONE_PATH = '/api/v1/inventory/reservations/{orderId}';

describe('stock reservations through the real server', () => {
  let web: TillstreamProcess;
  let redis: Redis;
  let check: ReturnType<typeof openApiChecker>;
  const cookies: Record<string, string> = {};

  type Call = { status: number; headers: Headers; body: Record<string, unknown> };
  async function call(method: string, p: string, o: { user?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Call> {
    const res = await fetch(`${web.url}${p}`, {
      method,
      headers: {
        ...(method === 'GET' ? {} : { origin: web.url }),
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(o.user ? { cookie: cookies[o.user]! } : {}),
        ...o.headers,
      },
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  }
  /** The call, its answer checked against what the served document says for its path and status. */
  async function documented(method: string, p: string, o: Parameters<typeof call>[2] = {}): Promise<Call> {
    const r = await call(method, p, o);
    const docPath = p === POST_PATH ? POST_PATH : ONE_PATH;
    expect(check.checkBody(docPath, method.toLowerCase(), r.status, r.body), `${method} ${p} ${r.status} ${JSON.stringify(r.body)}`).toBeNull();
    return r;
  }
  const reserve = (user: string, body: Record<string, unknown>, headers?: Record<string, string>) => documented('POST', POST_PATH, { user, body, headers });
  const one = (orderId: string) => `${POST_PATH}/${encodeURIComponent(orderId)}`;
  const reservedOf = async (locationId: string, sku: string) => Number((await redis.hget(redisKeys.invReserved(locationId), sku)) ?? 0);

  beforeAll(async () => {
    const u = new URL(inject('redisUrl'));
    u.pathname = `/${DB}`;
    redis = createRedis(u.toString(), 'reservation-api-int');
    await redis.connect();
    await redis.flushdb();
    web = startTillstream({
      ROLES: 'web',
      DATA_DIR: fs.mkdtempSync(path.join(inject('testDataDir'), 'reservations-')),
      PORT: String(await freePort()),
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      REDIS_URL: u.toString(),
    });
    await waitForHealth(web, 200);
    check = openApiChecker(await (await fetch(`${web.url}/api/openapi.json`)).json());
    for (const user of ['admin', 'manager', 'fraud', 'merch']) {
      const r = await call('POST', '/api/auth/sign-in', { body: { username: user, password: DEMO_PASSWORD } });
      expect(r.status).toBe(200);
      cookies[user] = r.headers.get('set-cookie')!.split(';')[0]!;
    }
  });

  afterAll(async () => {
    if (web && web.child.exitCode === null) {
      web.child.kill('SIGTERM');
      await web.exited;
    }
    redis?.disconnect();
  });

  it('1,000 concurrent POSTs of 1 unit at 50 units: exactly fifty 201s, 950 409s, available never below zero', async () => {
    await redis.hset(redisKeys.invOnHand('S001'), 'SKU-RACE', 50);
    // Read available-to-promise (atomically, as the store does) the whole time the requests race.
    const samples: number[] = [];
    let racing = true;
    const sampler = (async () => {
      while (racing) {
        const read = await redis.multi().hget(redisKeys.invOnHand('S001'), 'SKU-RACE').hget(redisKeys.invReserved('S001'), 'SKU-RACE').exec();
        const [onHand, reserved] = (read ?? []).map(([, v]) => Number(v ?? 0));
        samples.push(onHand! - reserved!);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const users = ['admin', 'merch', 'manager'];
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => reserve(users[i % users.length]!, { sku: 'SKU-RACE', locationId: 'S001', qty: 1, orderId: `W-RACE-${i}` })),
    ).finally(() => (racing = false));
    await sampler;

    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 201: 50, 409: 950 });
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toMatchObject({ error: 'insufficient_stock', available: 0 });
    expect(await reservedOf('S001', 'SKU-RACE')).toBe(50);
    // Each 201 says what its grant left, read in the same atomic step: 49 down to 0, each once.
    const left = answers.filter((x) => x.status === 201).map((x) => x.body.available as number);
    expect(left.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The race over HTTP is mostly decided in its first milliseconds; the samples show
    // that no reader ever saw less than nothing (store test: samples taken mid-race).
    expect(samples.length).toBeGreaterThan(1);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
  });

  it('201, then 200 for a retry, 409 for another line or too little stock, 400 naming the field', async () => {
    await redis.hset(redisKeys.invOnHand('WH1'), 'SKU-A', 10);
    const line = { sku: 'SKU-A', locationId: 'WH1', qty: 4, orderId: 'W-A1' };
    const created = await reserve('merch', line);
    expect(created).toMatchObject({ status: 201, body: { reservation: { ...line, state: 'active' }, available: 6 } });
    expect(created.headers.get('location')).toBe(one('W-A1'));
    const { createdAt, expiresAt } = (created.body as { reservation: { createdAt: string; expiresAt: string } }).reservation;
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBe(900_000);

    expect(await reserve('admin', line)).toMatchObject({ status: 200, body: { reservation: { ...line, createdAt }, available: 6 } });
    expect(await reserve('admin', { ...line, qty: 5 })).toMatchObject({ status: 409, body: { error: 'order_conflict' } });
    expect(await reserve('admin', { ...line, orderId: 'W-A2', qty: 7 })).toMatchObject({ status: 409, body: { error: 'insufficient_stock', available: 6 } });
    expect(await reserve('admin', { ...line, orderId: 'W-A3', ttlSeconds: 86_401 })).toMatchObject({ status: 400, body: { field: 'ttlSeconds' } });
    expect(await reserve('admin', { ...line, orderId: 'W-A3', colour: 'red' })).toMatchObject({ status: 400, body: { field: 'colour' } });
    expect(await reservedOf('WH1', 'SKU-A')).toBe(4);
  });

  it('roles and scope: a store manager at its stores only, a fraud analyst never, no session 401, a foreign Origin 403', async () => {
    await redis.hset(redisKeys.invOnHand('S002'), 'SKU-B', 5);
    await redis.hset(redisKeys.invOnHand('S003'), 'SKU-B', 5);
    expect((await reserve('manager', { sku: 'SKU-B', locationId: 'S002', qty: 1, orderId: 'W-B1' })).status).toBe(201);
    expect(await reserve('manager', { sku: 'SKU-B', locationId: 'S003', qty: 1, orderId: 'W-B2' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await reserve('fraud', { sku: 'SKU-B', locationId: 'S002', qty: 1, orderId: 'W-B3' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await documented('POST', POST_PATH, { body: { sku: 'SKU-B', locationId: 'S002', qty: 1, orderId: 'W-B4' } })).status).toBe(401);
    const foreign = await reserve('admin', { sku: 'SKU-B', locationId: 'S003', qty: 1, orderId: 'W-B5' }, { origin: 'https://evil.example' });
    expect(foreign).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await reservedOf('S003', 'SKU-B')).toBe(0);

    // Another location's reservation does not exist for a store manager.
    expect((await reserve('admin', { sku: 'SKU-B', locationId: 'S003', qty: 1, orderId: 'W-B6' })).status).toBe(201);
    expect((await documented('GET', one('W-B6'), { user: 'manager' })).status).toBe(404);
    expect((await documented('DELETE', one('W-B6'), { user: 'manager' })).status).toBe(404);
    expect((await documented('GET', one('W-B6'), { user: 'fraud' })).status).toBe(403);
    expect(await documented('GET', one('W-B1'), { user: 'manager' })).toMatchObject({ status: 200, body: { reservation: { orderId: 'W-B1' }, available: 4 } });
  });

  it('GET and DELETE: released once, idempotent, 404 for an unknown order, 400 for a bad one', async () => {
    await redis.hset(redisKeys.invOnHand('WH2'), 'SKU-C', 3);
    expect((await reserve('admin', { sku: 'SKU-C', locationId: 'WH2', qty: 3, orderId: 'W-C1' })).status).toBe(201);
    expect(await documented('GET', one('W-C1'), { user: 'merch' })).toMatchObject({ status: 200, body: { reservation: { state: 'active' }, available: 0 } });
    expect((await documented('DELETE', one('W-C1'), { user: 'admin', headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect(await documented('DELETE', one('W-C1'), { user: 'admin' })).toMatchObject({ status: 200, body: { reservation: { state: 'released' }, available: 3 } });
    expect(await documented('DELETE', one('W-C1'), { user: 'admin' })).toMatchObject({ status: 200, body: { reservation: { state: 'released' }, available: 3 } });
    expect(await reservedOf('WH2', 'SKU-C')).toBe(0);
    expect((await documented('GET', one('W-none'), { user: 'admin' })).status).toBe(404);
    expect((await documented('DELETE', one('W-none'), { user: 'admin' })).status).toBe(404);
    expect(await documented('GET', one('W C1'), { user: 'admin' })).toMatchObject({ status: 400, body: { field: 'orderId' } });
  });

  it('the web role’s sweeper expires a reservation after its TTL', async () => {
    await redis.hset(redisKeys.invOnHand('WH3'), 'SKU-D', 2);
    expect((await reserve('admin', { sku: 'SKU-D', locationId: 'WH3', qty: 2, orderId: 'W-D1', ttlSeconds: 1 })).status).toBe(201);
    const until = Date.now() + 10_000;
    let state = 'active';
    while (state === 'active' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      state = ((await documented('GET', one('W-D1'), { user: 'admin' })).body as { reservation: { state: string } }).reservation.state;
    }
    expect(state).toBe('expired');
    expect(await reservedOf('WH3', 'SKU-D')).toBe(0);
  });
});
