import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { AuthUnavailableError } from './route-errors';
import { createSessionRoutes } from './session-routes';
import type { SessionClaims } from './session-token';

/** POST /api/auth/sign-out over a stand-in session store: what it revokes, and what it answers (against the OpenAPI document). */
const check = openApiChecker(openApiDocument('0.0.0-test'));
const ORIGIN = 'http://shop.example:3000';
const CLAIMS: SessionClaims = { userId: 'u1', ver: 1, jti: 'Qk3x9Vd0sQm1b2Zc7yHf8A', exp: 1_800_000_000 };

function routes(revoke: (cookie: string | null | undefined) => Promise<SessionClaims | null>) {
  const asked: (string | null | undefined)[] = [];
  const r = createSessionRoutes({
    users: { verifyPassword: async () => null },
    sessions: {
      issue: async () => 'token',
      revoke: async (cookie) => {
        asked.push(cookie);
        return revoke(cookie);
      },
    },
    limiter: { attempt: async () => ({ ok: true }), reset: async () => undefined },
    requirePrincipal: async () => new Response(null, { status: 401 }),
    log: createLogger({ level: 'silent' }),
  });
  return { signOut: r.signOut, asked };
}

const signOut = (headers: Record<string, string>) => new Request(`${ORIGIN}/api/auth/sign-out`, { method: 'POST', headers: { host: 'shop.example:3000', ...headers } });

async function answer(res: Response) {
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  if (body) expect(check.checkBody('/api/auth/sign-out', 'post', res.status, body), `${res.status} ${text}`).toBeNull();
  else expect(check.statuses('/api/auth/sign-out', 'post')).toContain(String(res.status));
  return { status: res.status, body, setCookie: res.headers.get('set-cookie'), retryAfter: res.headers.get('retry-after') };
}

describe('POST /api/auth/sign-out', () => {
  it('revokes the session of the cookie sent, and clears the cookie', async () => {
    const r = routes(async () => CLAIMS);
    const a = await answer(await r.signOut(signOut({ origin: ORIGIN, cookie: 'a=1; ts_session=the.token.here' })));
    expect(a).toMatchObject({ status: 204, setCookie: 'ts_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0' });
    expect(r.asked).toEqual(['a=1; ts_session=the.token.here']);
  });

  it('answers 204 and clears the cookie when there is nothing to revoke', async () => {
    const r = routes(async () => null);
    expect(await answer(await r.signOut(signOut({ origin: ORIGIN })))).toMatchObject({ status: 204, setCookie: expect.stringMatching(/Max-Age=0$/) });
  });

  it('answers 503 not_revoked when Redis is away, and still clears the cookie', async () => {
    const r = routes(async () => {
      throw new AuthUnavailableError(new Error('connect ECONNREFUSED'));
    });
    const a = await answer(await r.signOut(signOut({ origin: ORIGIN, cookie: 'ts_session=the.token.here' })));
    expect(a).toMatchObject({ status: 503, retryAfter: '5', setCookie: 'ts_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0' });
    expect(a.body).toMatchObject({ error: 'not_revoked', retryAfterSeconds: 5 });
    expect(a.body!.message).toMatch(/could not revoke.*stays valid until it expires/);
  });

  it('refuses a foreign Origin before anything: nothing revoked, no cookie cleared', async () => {
    const r = routes(async () => CLAIMS);
    const a = await answer(await r.signOut(signOut({ origin: 'https://evil.example', cookie: 'ts_session=the.token.here' })));
    expect(a).toMatchObject({ status: 403, setCookie: null, body: { error: 'forbidden_origin' } });
    expect(r.asked).toEqual([]);
  });
});
