import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  clearSessionCookie,
  SESSION_TTL_SECONDS,
  sessionSetCookie,
  sessionTokenOf,
  signSessionToken,
  verifySessionToken,
} from './session-token';

const key = new TextEncoder().encode('k'.repeat(48));
const otherKey = new TextEncoder().encode('o'.repeat(48));
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('session tokens', () => {
  it('round-trip sub and ver, expiring after 12 h', async () => {
    const now = Date.UTC(2026, 0, 1, 8);
    const token = await signSessionToken(key, { userId: 'u-1', ver: 3 }, now);
    expect(await verifySessionToken(key, token, now)).toEqual({ userId: 'u-1', ver: 3, jti: expect.stringMatching(/^[\w-]{22}$/), exp: now / 1000 + SESSION_TTL_SECONDS });
    expect(await verifySessionToken(key, token, now + (SESSION_TTL_SECONDS - 1) * 1000)).not.toBeNull();
  });

  it('refuse an expired token', async () => {
    const now = Date.now();
    const token = await signSessionToken(key, { userId: 'u-1', ver: 1 }, now - (SESSION_TTL_SECONDS + 1) * 1000);
    expect(await verifySessionToken(key, token, now)).toBeNull();
  });

  it('refuse a token signed with another key', async () => {
    const token = await signSessionToken(otherKey, { userId: 'u-1', ver: 1 });
    expect(await verifySessionToken(key, token)).toBeNull();
  });

  it('refuse a token whose claims were changed after signing', async () => {
    const token = await signSessionToken(key, { userId: 'u-1', ver: 1 });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    for (const forged of [{ ...claims, ver: 2 }, { ...claims, sub: 'u-admin' }, { ...claims, exp: (claims.exp as number) + 86400 }]) {
      expect(await verifySessionToken(key, `${h}.${b64(forged)}.${s}`)).toBeNull();
    }
  });

  it('refuse alg "none" and algorithms other than HS256', async () => {
    const claims = { sub: 'u-1', ver: 1, iss: 'tillstream', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 };
    expect(await verifySessionToken(key, `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)).toBeNull();
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(key);
    expect(await verifySessionToken(key, hs512)).toBeNull();
  });

  it('give every token its own session id (jti), or the one asked for', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await verifySessionToken(key, await signSessionToken(key, { userId: 'u-1', ver: 1 })))!.jti);
    expect(ids.size).toBe(50);
    const given = await signSessionToken(key, { userId: 'u-1', ver: 1, jti: 'abcdefghijklmnop_-12' });
    expect((await verifySessionToken(key, given))?.jti).toBe('abcdefghijklmnop_-12');
  });

  it('refuse tokens without ver, exp or jti (tokens from before sessions had an id), or with another issuer', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const base = { sub: 'u-1', ver: 1, jti: 'Qk3x9Vd0sQm1b2Zc7yHf8A', iss: 'tillstream', iat, exp: iat + 600 };
    expect(await verifySessionToken(key, await sign(base))).not.toBeNull();
    const { ver: _v, ...noVer } = base;
    const { exp: _e, ...noExp } = base;
    const { jti: _j, ...noJti } = base;
    const badJtis = [{ ...base, jti: '' }, { ...base, jti: 'short' }, { ...base, jti: 7 }, { ...base, jti: 'has:colon-in-it-0000' }, { ...base, jti: 'x'.repeat(65) }];
    for (const claims of [noVer, noExp, noJti, ...badJtis, { ...base, iss: 'elsewhere' }, { ...base, ver: '1' }, { ...base, ver: -1 }, { ...base, sub: '' }]) {
      expect(await verifySessionToken(key, await sign(claims)), JSON.stringify(claims)).toBeNull();
    }
  });

  it('refuse malformed tokens without throwing', async () => {
    for (const bad of ['', 'abc', 'a.b.c', 'a.b', '...', `${b64({ alg: 'HS256' })}.notjson.sig`, 'x'.repeat(5000), '€€€.€€€.€€€']) {
      expect(await verifySessionToken(key, bad), bad.slice(0, 20)).toBeNull();
    }
  });
});

describe('the session cookie', () => {
  it('is read from a Cookie header among others', () => {
    expect(sessionTokenOf('a=1; ts_session=abc.def.ghi; b=2')).toBe('abc.def.ghi');
    expect(sessionTokenOf('ts_session=x')).toBe('x');
    expect(sessionTokenOf('ts_session=first; ts_session=second')).toBe('first');
    for (const none of [undefined, null, '', 'a=1', 'ts_session=', 'xts_session=1', 'ts_sessionx=1']) expect(sessionTokenOf(none), String(none)).toBeNull();
  });

  it('is httpOnly, SameSite=Lax, for the whole site, 12 h, Secure over https', () => {
    expect(sessionSetCookie('t', { secure: false })).toBe('ts_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200');
    expect(sessionSetCookie('t', { secure: true })).toBe('ts_session=t; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=43200');
    expect(clearSessionCookie({ secure: false })).toBe('ts_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });
});
