import type { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../../lib/clients/redis';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { createAuthService, type AuthService } from './auth-service';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from './demo-users';
import { PEER_ADDRESS_HEADER } from './peer-address';
import { AUTH_KEYS } from './redis-keys';
import { REVOCATION_MARGIN_SECONDS } from './revocations';
import { SessionSecretError } from './session-secret';
import { SIGN_IN_MAX_ATTEMPTS } from './sign-in-limit';
import { UserInputError } from './user-input';
import { UserExistsError } from './user-store';

/**
 * Users, sessions and the sign-in limit against the run's real Redis, in database 9
 * (no other test uses it; flushed here and only here). Two services on two clients
 * stand for two web instances.
 */
const DB = 9;
const log = createLogger({ level: 'silent' });
const ORIGIN = 'http://tillstream.test';

function dbUrl(): string {
  const u = new URL(inject('redisUrl'));
  u.pathname = `/${DB}`;
  return u.toString();
}

function signInRequest(body: unknown, o: { address?: string; origin?: string | null } = {}): Request {
  return new Request(`${ORIGIN}/api/auth/sign-in`, {
    method: 'POST',
    headers: {
      host: 'tillstream.test',
      'content-type': 'application/json',
      [PEER_ADDRESS_HEADER]: o.address ?? '10.0.0.1',
      ...(o.origin === null ? {} : { origin: o.origin ?? ORIGIN }),
    },
    body: JSON.stringify(body),
  });
}

const cookieOf = (r: Response) => r.headers.get('set-cookie')!.split(';')[0]!;
const claimsOf = (cookie: string) => JSON.parse(Buffer.from(cookie.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string; exp: number; sub: string; ver: number };

function signOutRequest(cookie: string | undefined, o: { origin?: string } = {}): Request {
  return new Request(`${ORIGIN}/api/auth/sign-out`, {
    method: 'POST',
    headers: { host: 'tillstream.test', origin: o.origin ?? ORIGIN, ...(cookie ? { cookie } : {}) },
  });
}

describe('auth against the real Redis', () => {
  const clients: Redis[] = [];
  let a: AuthService;
  let b: AuthService;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const r = createRedis(dbUrl(), `auth-int-test-${i}`);
      await r.connect();
      clients.push(r);
    }
    await clients[0]!.flushdb();
    a = createAuthService({ redis: clients[0]!, sessionSecret: undefined, log });
    b = createAuthService({ redis: clients[1]!, sessionSecret: undefined, log });
  });

  afterAll(() => {
    a?.close();
    b?.close();
    clients.forEach((c) => c.disconnect());
  });

  it('seeds the demo users once, and never overwrites or resurrects them', async () => {
    await Promise.all([a.seedDemoUsers(), b.seedDemoUsers()]);
    const users = await a.users.listUsers();
    expect(users.map((u) => [u.username, u.role, u.stores])).toEqual(
      [...DEMO_USERS].sort((x, y) => x.username.localeCompare(y.username)).map((u) => [u.username, u.role, u.stores]),
    );
    for (const u of users) expect(Object.keys(u).some((k) => /hash/i.test(k)), u.username).toBe(false);
    expect(await a.users.verifyPassword('manager', DEMO_PASSWORD)).not.toBeNull();

    await a.users.updateUser('merch', { password: 'a-new-password' });
    await a.users.createUser({ username: 'tmp-fraud', password: 'whatever1', role: 'fraud_analyst' });
    await a.users.deleteUser('fraud');
    expect(await seedDemoUsers(clients[0]!, a.users)).toEqual([]);
    expect(await a.users.verifyPassword('merch', DEMO_PASSWORD)).toBeNull();
    expect(await a.users.verifyPassword('merch', 'a-new-password')).not.toBeNull();
    expect(await a.users.getUser('fraud')).toBeNull();
    expect(await clients[0]!.smembers(AUTH_KEYS.seeded)).toEqual(expect.arrayContaining(['manager', 'merch', 'fraud', 'admin']));
  });

  it('stores a scrypt hash per user, never the password', async () => {
    const id = await clients[0]!.hget(AUTH_KEYS.usernames, 'manager');
    const h = await clients[0]!.hgetall(AUTH_KEYS.user(id!));
    expect(h.passwordHash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(JSON.stringify(h)).not.toContain(DEMO_PASSWORD);
    expect(JSON.parse(h.stores!)).toEqual(['S001', 'S002']);
  });

  it('validates users and refuses a taken name', async () => {
    await expect(a.users.createUser({ username: 'sm-none', password: 'long-enough', role: 'store_manager' })).rejects.toMatchObject({
      name: 'UserInputError',
      field: 'stores',
    });
    await expect(a.users.createUser({ username: 'manager', password: 'long-enough', role: 'admin' })).rejects.toBeInstanceOf(UserExistsError);
    await expect(a.users.updateUser('admin', { stores: ['S001'] })).rejects.toBeInstanceOf(UserInputError);
    const racing = await Promise.allSettled([a, b].map((s) => s.users.createUser({ username: 'twin', password: 'long-enough', role: 'admin' })));
    expect(racing.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('signs in with the right password, and answers the same 401 for a wrong one and an unknown user', async () => {
    const ok = await a.http.routes.signIn(signInRequest({ username: 'manager', password: DEMO_PASSWORD }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ user: { username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] } });
    expect(ok.headers.get('set-cookie')).toMatch(/^ts_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);

    const time = async (username: string) => {
      const t0 = performance.now();
      const r = await a.http.routes.signIn(signInRequest({ username, password: 'wrong-password' }, { address: `t-${username}` }));
      return { ms: performance.now() - t0, status: r.status, body: (await r.json()) as unknown };
    };
    const wrong = [await time('admin'), await time('admin'), await time('admin')];
    const unknown = [await time('nobody'), await time('nobody'), await time('nobody')];
    expect(wrong[0]!.status).toBe(401);
    expect(unknown[0]!.body).toEqual(wrong[0]!.body);
    // Both run scrypt: an unknown user is not answered noticeably faster.
    const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((p, q) => p - q)[1]!;
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });

  it('answers 400 naming the field, and 403 for a foreign Origin', async () => {
    const r = await a.http.routes.signIn(signInRequest({ username: 'Manager', password: 'x' }));
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ field: 'username' });
    const missing = await a.http.routes.signIn(signInRequest({ username: 'manager' }));
    expect(await missing.json()).toMatchObject({ field: 'password' });
    expect((await a.http.routes.signIn(signInRequest({ username: 'manager', password: DEMO_PASSWORD }, { origin: 'https://evil.example' }))).status).toBe(403);
    expect((await a.http.routes.signIn(signInRequest({ username: 'manager', password: DEMO_PASSWORD }, { origin: null }))).status).toBe(403);
  });

  it('round-trips the cookie through readSession, on another instance too (shared secret)', async () => {
    const cookie = cookieOf(await a.http.routes.signIn(signInRequest({ username: 'admin', password: DEMO_PASSWORD })));
    const expected = { username: 'admin', role: 'admin', stores: 'all' };
    expect(await a.http.readSession(cookie)).toMatchObject(expected);
    expect(await b.http.readSession(`other=1; ${cookie}`)).toMatchObject(expected);
    // A changed signature character (not the last: its low bits are base64url padding, which a decoder may ignore).
    const i = cookie.length - 5;
    const tampered = cookie.slice(0, i) + (cookie[i] === 'A' ? 'B' : 'A') + cookie.slice(i + 1);
    expect(await a.http.readSession(tampered)).toBeNull();
    expect(await clients[0]!.get(AUTH_KEYS.secret)).toMatch(/^[\w-]{43}$/);
    const me = await b.http.routes.me(new Request(`${ORIGIN}/api/auth/me`, { headers: { cookie } }));
    expect(me.status).toBe(200);
  });

  it('ends a user’s sessions when its role, stores or password change, or it is deleted', async () => {
    await a.users.createUser({ username: 'revokee', password: 'first-password', role: 'store_manager', stores: ['S001'] });
    const signIn = async () => cookieOf(await a.http.routes.signIn(signInRequest({ username: 'revokee', password: 'first-password' })));

    const c1 = await signIn();
    expect(await b.http.readSession(c1)).not.toBeNull();
    await a.users.updateUser('revokee', { stores: ['S001', 'S004'] });
    a.sessions.forget((await a.users.getUser('revokee'))!.userId);
    expect(await a.http.readSession(c1)).toBeNull(); // this instance: at once
    await new Promise((r) => setTimeout(r, 2100));
    expect(await b.http.readSession(c1)).toBeNull(); // another instance: within 2 s

    const c2 = await signIn();
    expect((await a.http.readSession(c2))?.stores).toEqual(['S001', 'S004']);
    await b.users.updateUser('revokee', { role: 'merchandiser' });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await a.http.readSession(c2)).toBeNull();

    await b.users.updateUser('revokee', { role: 'store_manager', stores: ['S001'] });
    const c3 = await signIn();
    await b.users.updateUser('revokee', { password: 'second-password' });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await a.http.readSession(c3)).toBeNull();
    expect(await a.users.verifyPassword('revokee', 'first-password')).toBeNull();

    const c4 = cookieOf(await a.http.routes.signIn(signInRequest({ username: 'revokee', password: 'second-password' })));
    expect(await a.http.readSession(c4)).not.toBeNull();
    expect(await a.users.deleteUser('revokee')).toBe(true);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await a.http.readSession(c4)).toBeNull();
    // The name may be taken again; the old cookie still names the old user.
    await a.users.createUser({ username: 'revokee', password: 'second-password', role: 'admin' });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await a.http.readSession(c4)).toBeNull();
  });

  it('signs out exactly one session: refused at once on every instance, the user’s other sessions stay, the key expires with the token', async () => {
    const signIn = async () => cookieOf(await a.http.routes.signIn(signInRequest({ username: 'manager', password: DEMO_PASSWORD }, { address: '10.6.6.6' })));
    const [ended, kept] = [await signIn(), await signIn()];
    expect(claimsOf(ended).jti).not.toBe(claimsOf(kept).jti);
    // Both instances have the user cached: the revocation must not wait for the cache.
    expect(await a.http.readSession(ended)).not.toBeNull();
    expect(await b.http.readSession(ended)).not.toBeNull();

    const foreign = await a.http.routes.signOut(signOutRequest(ended, { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    expect(await b.http.readSession(ended)).not.toBeNull(); // a refused sign-out revokes nothing

    const out = await a.http.routes.signOut(signOutRequest(`x=1; ${ended}`));
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe('ts_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    expect(await a.http.readSession(ended)).toBeNull();
    expect(await b.http.readSession(ended)).toBeNull(); // another instance: at once
    expect((await b.http.routes.me(new Request(`${ORIGIN}/api/auth/me`, { headers: { cookie: ended } }))).status).toBe(401);
    expect(await b.http.readSession(kept)).toMatchObject({ username: 'manager' });

    // One key, named by the session id, living as long as the token (plus the skew margin).
    const { jti, exp } = claimsOf(ended);
    const key = AUTH_KEYS.revoked(jti);
    expect(key).toBe(`ts:auth:revoked:${jti}`);
    expect(await clients[0]!.get(key)).toBe('1');
    const ttl = await clients[0]!.ttl(key);
    const remaining = exp - Math.floor(Date.now() / 1000);
    expect(ttl).toBeGreaterThan(remaining + REVOCATION_MARGIN_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(remaining + REVOCATION_MARGIN_SECONDS);
    expect(await clients[0]!.keys(AUTH_KEYS.revoked('*'))).not.toContain(AUTH_KEYS.revoked(claimsOf(kept).jti));

    // Signing out again with the copy, or with no cookie, is a 204 that changes nothing else.
    expect((await b.http.routes.signOut(signOutRequest(ended))).status).toBe(204);
    expect((await b.http.routes.signOut(signOutRequest(undefined))).status).toBe(204);
    expect((await b.http.routes.signOut(signOutRequest('ts_session=garbage'))).status).toBe(204);
    expect(await a.http.readSession(kept)).not.toBeNull();
    expect(await a.sessions.revokedAmong([jti, claimsOf(kept).jti])).toEqual(new Set([jti]));
  });

  it('refuses a token without a session id (issued before sign-out revoked sessions), though signed with the right key', async () => {
    const secret = 'y'.repeat(40);
    const svc = createAuthService({ redis: clients[0]!, sessionSecret: secret, log });
    try {
      const cookie = cookieOf(await svc.http.routes.signIn(signInRequest({ username: 'admin', password: DEMO_PASSWORD })));
      const { sub, ver } = claimsOf(cookie);
      const iat = Math.floor(Date.now() / 1000);
      const legacy = await new SignJWT({ ver })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sub)
        .setIssuer('tillstream')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 600)
        .sign(new TextEncoder().encode(secret));
      expect(await svc.http.readSession(cookie)).not.toBeNull();
      expect(await svc.http.readSession(`ts_session=${legacy}`)).toBeNull();
    } finally {
      svc.close();
    }
  });

  it('limits failed sign-ins per username and address, with Retry-After', async () => {
    const attempt = (password: string, address = '10.9.9.9') => a.http.routes.signIn(signInRequest({ username: 'manager', password }, { address }));
    for (let i = 0; i < SIGN_IN_MAX_ATTEMPTS; i++) expect((await attempt('wrong-password')).status).toBe(401);
    const limited = await attempt(DEMO_PASSWORD); // even the right password waits now
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(200);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited', retryAfterSeconds: retryAfter });
    // Another address is not held back; a success there clears its own count.
    expect((await attempt(DEMO_PASSWORD, '10.8.8.8')).status).toBe(200);
    // Parallel guesses cannot slip past the limit.
    const burst = await Promise.all(Array.from({ length: 15 }, () => attempt('wrong-password', '10.7.7.7')));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(SIGN_IN_MAX_ATTEMPTS);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it('refuses a short SESSION_SECRET at start, and answers 503 (not 401) while Redis is away', async () => {
    expect(() => createAuthService({ redis: clients[0]!, sessionSecret: 'short', log })).toThrow(SessionSecretError);
    expect(() => createAuthService({ redis: clients[0]!, sessionSecret: 'short', log })).toThrow(/SESSION_SECRET: at least 32 characters \(got 5\)/);
    const secret = 'x'.repeat(40);
    const up = createAuthService({ redis: clients[0]!, sessionSecret: secret, log });
    const cookie = cookieOf(await up.http.routes.signIn(signInRequest({ username: 'admin', password: DEMO_PASSWORD })));
    expect(await up.http.readSession(cookie)).not.toBeNull();
    expect(await a.http.readSession(cookie)).toBeNull(); // SESSION_SECRET, not the generated one
    const away = createRedis(`redis://127.0.0.1:${await freePort()}`, 'auth-int-away');
    away.on('error', () => undefined);
    const down = createAuthService({ redis: away, sessionSecret: secret, log });
    try {
      const me = await down.http.routes.me(new Request(`${ORIGIN}/api/auth/me`, { headers: { cookie } }));
      expect(me.status).toBe(503);
      expect(me.headers.get('retry-after')).toBe('5');
      expect((await down.http.routes.signIn(signInRequest({ username: 'admin', password: DEMO_PASSWORD }))).status).toBe(503);
      // Sign-out: the cookie is cleared all the same, and the answer says the session was not revoked.
      const out = await down.http.routes.signOut(signOutRequest(cookie));
      expect(out.status).toBe(503);
      expect(out.headers.get('set-cookie')).toBe('ts_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
      expect(out.headers.get('retry-after')).toBe('5');
      expect(await out.json()).toMatchObject({ error: 'not_revoked', retryAfterSeconds: 5 });
      expect(await up.http.readSession(cookie)).not.toBeNull(); // indeed not revoked
      // Once Redis answers, the same request revokes it.
      expect((await up.http.routes.signOut(signOutRequest(cookie))).status).toBe(204);
      expect(await up.http.readSession(cookie)).toBeNull();
    } finally {
      up.close();
      down.close();
      away.disconnect();
    }
  });
});
