import fs from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../../lib/clients/redis';
import { HEALTH_EVENT } from '../../lib/live/health-types';
import { CHAIN_ROOM, JOIN_EVENT, LIVE_NAMESPACE, roomForStore, type JoinAck } from '../../lib/live/rooms';
import { freePort } from '../../lib/ports';
import { openApiChecker } from '../../test/openapi-checker';
import { startTillstream, waitForHealth, type TillstreamProcess } from '../../test/tillstream-process';
import { DEMO_PASSWORD } from './demo-users';

/**
 * Sign-in, sessions, the admin routes and the /live Socket.IO namespace through the real
 * server (ROLES=web), on the run's Kafka and Redis database 10 (no other test uses it;
 * flushed before the server starts, so the demo users are seeded fresh).
 */
const DB = 10;

describe('auth through the real server', () => {
  let web: TillstreamProcess;
  let check: ReturnType<typeof openApiChecker>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const u = new URL(inject('redisUrl'));
    u.pathname = `/${DB}`;
    const redis = createRedis(u.toString(), 'auth-api-int-flush');
    await redis.connect();
    await redis.flushdb();
    redis.disconnect();
    web = startTillstream({
      ROLES: 'web',
      DATA_DIR: fs.mkdtempSync(path.join(inject('testDataDir'), 'auth-')),
      PORT: String(await freePort()),
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      REDIS_URL: u.toString(),
    });
    await waitForHealth(web, 200);
    check = openApiChecker(await (await fetch(`${web.url}/api/openapi.json`)).json());
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    if (web && web.child.exitCode === null) {
      web.child.kill('SIGTERM');
      await web.exited;
    }
  });

  type Call = { status: number; headers: Headers; body: unknown };
  async function call(method: string, p: string, o: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Call> {
    const res = await fetch(`${web.url}${p}`, {
      method,
      headers: {
        ...(method === 'GET' ? {} : { origin: web.url }),
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(o.cookie ? { cookie: o.cookie } : {}),
        ...o.headers,
      },
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null };
  }
  /** The call, checked against what the served OpenAPI document says for its path and status. */
  async function documented(method: string, p: string, docPath: string, o: Parameters<typeof call>[2] = {}): Promise<Call> {
    const r = await call(method, p, o);
    if (r.body !== null) expect(check.checkBody(docPath, method.toLowerCase(), r.status, r.body), `${method} ${p} ${r.status}`).toBeNull();
    else expect(check.statuses(docPath, method.toLowerCase())).toContain(String(r.status));
    return r;
  }
  async function signIn(username: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', { body: { username, password } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.headers.get('set-cookie')!.split(';')[0]!;
  }

  it('sign-in → me → admin routes refused for a non-admin → sign-out', async () => {
    expect((await documented('GET', '/api/auth/me', '/api/auth/me')).status).toBe(401);
    const r = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', { body: { username: 'manager', password: DEMO_PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/^ts_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const cookie = r.headers.get('set-cookie')!.split(';')[0]!;

    const me = await documented('GET', '/api/auth/me', '/api/auth/me', { cookie });
    expect(me).toMatchObject({ status: 200, body: { user: { username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] } } });
    expect(me.headers.get('cache-control')).toBe('no-store');

    const admin = await documented('GET', '/api/v1/admin/users', '/api/v1/admin/users', { cookie });
    expect(admin).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const create = await documented('POST', '/api/v1/admin/users', '/api/v1/admin/users', {
      cookie,
      body: { username: 'sneaky', password: 'long-enough', role: 'admin' },
    });
    expect(create.status).toBe(403);

    const out = await documented('POST', '/api/auth/sign-out', '/api/auth/sign-out', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^ts_session=; .*Max-Age=0$/);
  });

  it('refuses wrong passwords, foreign origins and x-middleware-subrequest', async () => {
    const bad = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', { body: { username: 'admin', password: 'nope-nope' } });
    const unknown = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', { body: { username: 'nobody', password: 'nope-nope' } });
    expect(bad.status).toBe(401);
    expect(unknown.body).toEqual(bad.body);
    const field = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', { body: { username: 'admin', password: 7 } });
    expect(field).toMatchObject({ status: 400, body: { field: 'password' } });
    const foreign = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', {
      body: { username: 'admin', password: DEMO_PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect((foreign.body as { message: string }).message).toContain('https://evil.example');
    const cookie = await signIn('admin');
    const sub = await call('GET', '/api/auth/me', { cookie, headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' } });
    expect(sub.status).toBe(400);
  });

  it('counts sign-in attempts by the real peer address, whatever the forwarding headers say', async () => {
    for (let i = 0; i < 10; i++) {
      const spoof = { 'x-forwarded-for': `203.0.113.${i}`, 'x-tillstream-peer-address': `198.51.100.${i}` };
      expect((await call('POST', '/api/auth/sign-in', { body: { username: 'fraud', password: 'guess-guess' }, headers: spoof })).status).toBe(401);
    }
    const limited = await documented('POST', '/api/auth/sign-in', '/api/auth/sign-in', {
      body: { username: 'fraud', password: DEMO_PASSWORD },
      headers: { 'x-forwarded-for': '203.0.113.99' },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets the admin manage users; a change ends that user’s session', async () => {
    const admin = await signIn('admin');
    const list = await documented('GET', '/api/v1/admin/users', '/api/v1/admin/users', { cookie: admin });
    expect((list.body as { users: { username: string }[] }).users.map((u) => u.username)).toEqual(['admin', 'fraud', 'manager', 'merch']);

    const created = await documented('POST', '/api/v1/admin/users', '/api/v1/admin/users', {
      cookie: admin,
      body: { username: 'shop3', password: 'shop3-password', role: 'store_manager', stores: ['S003'] },
    });
    expect(created).toMatchObject({ status: 201, body: { user: { username: 'shop3', role: 'store_manager', stores: ['S003'] } } });
    const noStores = await documented('POST', '/api/v1/admin/users', '/api/v1/admin/users', {
      cookie: admin,
      body: { username: 'shop4', password: 'shop4-password', role: 'store_manager' },
    });
    expect(noStores).toMatchObject({ status: 400, body: { field: 'stores' } });
    const taken = await documented('POST', '/api/v1/admin/users', '/api/v1/admin/users', {
      cookie: admin,
      body: { username: 'shop3', password: 'shop3-password', role: 'admin' },
    });
    expect(taken.status).toBe(409);
    const noOrigin = await call('POST', '/api/v1/admin/users', {
      cookie: admin,
      body: { username: 'shop5', password: 'shop5-password', role: 'admin' },
      headers: { origin: 'https://evil.example' },
    });
    expect(noOrigin.status).toBe(403);

    const shop3 = await signIn('shop3', 'shop3-password');
    expect((await call('GET', '/api/auth/me', { cookie: shop3 })).status).toBe(200);
    const patched = await documented('PATCH', '/api/v1/admin/users/shop3', '/api/v1/admin/users/{username}', {
      cookie: admin,
      body: { stores: ['S003', 'S004'] },
    });
    expect(patched).toMatchObject({ status: 200, body: { user: { stores: ['S003', 'S004'] } } });
    expect((await call('GET', '/api/auth/me', { cookie: shop3 })).status).toBe(401);
    const badPatch = await documented('PATCH', '/api/v1/admin/users/shop3', '/api/v1/admin/users/{username}', { cookie: admin, body: { stores: ['S 1'] } });
    expect(badPatch).toMatchObject({ status: 400, body: { field: 'stores.0' } });
    expect((await documented('PATCH', '/api/v1/admin/users/ghost', '/api/v1/admin/users/{username}', { cookie: admin, body: { role: 'admin' } })).status).toBe(404);
    expect((await documented('DELETE', '/api/v1/admin/users/admin', '/api/v1/admin/users/{username}', { cookie: admin })).status).toBe(409);

    // An admin keeps its role, and keeps its session when it changes its own password.
    await call('POST', '/api/v1/admin/users', { cookie: admin, body: { username: 'boss2', password: 'boss2-password', role: 'admin' } });
    const boss2 = await signIn('boss2', 'boss2-password');
    const demote = await documented('PATCH', '/api/v1/admin/users/boss2', '/api/v1/admin/users/{username}', { cookie: boss2, body: { role: 'merchandiser' } });
    expect(demote.status).toBe(409);
    const own = await documented('PATCH', '/api/v1/admin/users/boss2', '/api/v1/admin/users/{username}', { cookie: boss2, body: { password: 'boss2-new-password' } });
    expect(own.status).toBe(200);
    const renewed = own.headers.get('set-cookie')!.split(';')[0]!;
    expect((await call('GET', '/api/auth/me', { cookie: boss2 })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { cookie: renewed })).status).toBe(200);

    expect((await documented('DELETE', '/api/v1/admin/users/shop3', '/api/v1/admin/users/{username}', { cookie: admin })).status).toBe(204);
    expect((await documented('DELETE', '/api/v1/admin/users/shop3', '/api/v1/admin/users/{username}', { cookie: admin })).status).toBe(404);
  });

  function live(cookie?: string): Socket {
    const s = io(`${web.url}${LIVE_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: cookie ? { cookie } : {} });
    sockets.push(s);
    return s;
  }
  const connected = (s: Socket) =>
    new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (e) => resolve(e.message));
    });
  const join = (s: Socket, room: string) => s.timeout(5000).emitWithAck(JOIN_EVENT, room) as Promise<JoinAck>;

  it('Socket.IO: /live needs a session and checks every join; the health push stays public', async () => {
    expect(await connected(live())).toBe('unauthenticated');
    expect(await connected(live('ts_session=forged.token.here'))).toBe('unauthenticated');

    const manager = live(await signIn('manager'));
    expect(await connected(manager)).toBe('connected');
    expect(await join(manager, roomForStore('S001'))).toEqual({ ok: true });
    expect(await join(manager, roomForStore('S003'))).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(manager, CHAIN_ROOM)).toEqual({ ok: false, error: 'forbidden' });

    const admin = live(await signIn('admin'));
    expect(await connected(admin)).toBe('connected');
    expect(await join(admin, CHAIN_ROOM)).toEqual({ ok: true });

    const anonymous = io(web.url, { transports: ['websocket'], forceNew: true });
    sockets.push(anonymous);
    const report = await new Promise((resolve) => anonymous.once(HEALTH_EVENT, resolve));
    expect(report).toMatchObject({ status: 'ok' });
  });

  it('sign-out ends that session only: a copy of the cookie gets 401, its open socket is closed, a new socket refused', async () => {
    const ended = await signIn('manager');
    const kept = await signIn('manager');
    const viaForm = await signIn('manager');
    const s = live(ended);
    expect(await connected(s)).toBe('connected');
    expect(await join(s, roomForStore('S001'))).toEqual({ ok: true });
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    const other = live(kept);
    expect(await connected(other)).toBe('connected');

    const out = await documented('POST', '/api/auth/sign-out', '/api/auth/sign-out', { cookie: ended });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^ts_session=; .*Max-Age=0$/);
    const me = await documented('GET', '/api/auth/me', '/api/auth/me', { cookie: ended });
    expect(me).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect((await call('GET', '/api/v1/kpis?storeId=S001', { cookie: ended })).status).toBe(401);
    const page = await fetch(`${web.url}/status`, { headers: { cookie: ended }, redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(await connected(live(ended))).toBe('unauthenticated');
    // The open socket is closed at its next check (every 5 s); the other session's stays.
    expect(
      await Promise.race([closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open after 12 s'), 12_000))]),
    ).toBe('io server disconnect');
    expect(other.connected).toBe(true);
    expect((await call('GET', '/api/auth/me', { cookie: kept })).status).toBe(200);

    // The page form's target revokes the same way, then sends to the sign-in page.
    const form = await fetch(`${web.url}/sign-out`, { method: 'POST', headers: { origin: web.url, cookie: viaForm }, redirect: 'manual' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/sign-in');
    expect(form.headers.get('set-cookie')).toMatch(/^ts_session=; .*Max-Age=0$/);
    expect((await call('GET', '/api/auth/me', { cookie: viaForm })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { cookie: kept })).status).toBe(200);
  }, 30_000);

  it('stops the start with a message naming SESSION_SECRET when it is too short, without printing it', async () => {
    const p = startTillstream({
      ROLES: 'web',
      DATA_DIR: fs.mkdtempSync(path.join(inject('testDataDir'), 'auth-secret-')),
      PORT: String(await freePort()),
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      REDIS_URL: inject('redisUrl'),
      SESSION_SECRET: 'hunter2-but-short',
    });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('SESSION_SECRET: at least 32 characters (got 17)');
    expect(p.output()).not.toContain('hunter2');
  });
});
