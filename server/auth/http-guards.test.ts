import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { checkOrigin, createRequirePrincipal, MAX_JSON_BODY_BYTES, ownOrigin, readJsonBody, refuseSubrequest } from './http-guards';
import type { Principal } from './principal';

const req = (method: string, headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/x', body?: string) =>
  new Request(url, { method, headers, ...(body === undefined ? {} : { body }) });
const HOST = { host: 'shop.example:3000' };

async function errorOf(r: Response | null) {
  return r && { status: r.status, body: (await r.json()) as Record<string, string> };
}

describe('checkOrigin', () => {
  it('lets safe methods through whatever their Origin', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect(checkOrigin(req(m, { ...HOST, origin: 'https://evil.example' }))).toBeNull();
  });

  it('lets a mutation from the request’s own origin through', () => {
    expect(checkOrigin(req('POST', { ...HOST, origin: 'http://shop.example:3000' }))).toBeNull();
    expect(checkOrigin(req('DELETE', { host: 'shop.example', origin: 'http://shop.example:80' }))).toBeNull();
    expect(checkOrigin(req('PATCH', { host: 'shop.example', origin: 'https://shop.example' }, 'https://127.0.0.1/api/x'))).toBeNull();
  });

  it('refuses a foreign origin with 403 naming it', async () => {
    for (const origin of ['https://evil.example', 'http://shop.example:3001', 'https://shop.example:3000', 'http://sub.shop.example:3000', 'null', 'garbage']) {
      const r = await errorOf(checkOrigin(req('POST', { ...HOST, origin })));
      expect(r?.status, origin).toBe(403);
      expect(r?.body.error).toBe('forbidden_origin');
      expect(r?.body.message).toContain(JSON.stringify(origin));
    }
  });

  it('accepts a missing Origin only with Sec-Fetch-Site: same-origin', async () => {
    expect(checkOrigin(req('POST', { ...HOST, 'sec-fetch-site': 'same-origin' }))).toBeNull();
    for (const site of [undefined, 'same-site', 'cross-site', 'none']) {
      const r = await errorOf(checkOrigin(req('POST', { ...HOST, ...(site ? { 'sec-fetch-site': site } : {}) })));
      expect(r?.status, String(site)).toBe(403);
      expect(r?.body.message).toMatch(/no Origin header/);
    }
  });

  it('refuses x-middleware-subrequest with 400, on any method', async () => {
    for (const m of ['GET', 'POST']) {
      const r = await errorOf(checkOrigin(req(m, { ...HOST, origin: 'http://shop.example:3000', 'x-middleware-subrequest': 'middleware' })));
      expect(r?.status).toBe(400);
    }
    expect(refuseSubrequest(req('GET', { 'x-middleware-subrequest': 'src/middleware:src/middleware' }))?.status).toBe(400);
    expect(refuseSubrequest(req('GET', {}))).toBeNull();
  });

  it('builds the own origin from the scheme and the Host header', () => {
    expect(ownOrigin(req('GET', HOST))).toBe('http://shop.example:3000');
    expect(ownOrigin(req('GET', { host: 'Shop.Example' }, 'https://127.0.0.1/x'))).toBe('https://shop.example');
    expect(ownOrigin(req('GET', {}))).toBeNull();
  });
});

describe('requirePrincipal', () => {
  const log = createLogger({ level: 'silent' });
  const admin: Principal = { userId: 'u', username: 'admin', role: 'admin', stores: 'all' };

  it('gives the principal of a valid cookie, 401 without one, 503 when the store is down', async () => {
    const require = createRequirePrincipal(async (cookie) => (cookie === 'ts_session=good' ? admin : null), log);
    expect(await require(req('GET', { cookie: 'ts_session=good' }))).toEqual(admin);
    const r = await errorOf((await require(req('GET', { cookie: 'ts_session=bad' }))) as Response);
    expect(r).toEqual({ status: 401, body: { error: 'unauthenticated', message: expect.stringMatching(/sign in/) } });
    const down = createRequirePrincipal(() => Promise.reject(new Error('ECONNREFUSED')), log);
    expect(((await down(req('GET', { cookie: 'ts_session=good' }))) as Response).status).toBe(503);
  });

  it('refuses x-middleware-subrequest before looking at the cookie', async () => {
    const require = createRequirePrincipal(async () => admin, log);
    expect(((await require(req('GET', { cookie: 'ts_session=good', 'x-middleware-subrequest': '1' }))) as Response).status).toBe(400);
  });
});

describe('readJsonBody', () => {
  it('reads JSON, and answers 415, 413 and 400 for the rest', async () => {
    expect(await readJsonBody(req('POST', { 'content-type': 'application/json; charset=utf-8' }, undefined, '{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    const status = async (headers: Record<string, string>, body: string) => {
      const r = await readJsonBody(req('POST', headers, undefined, body));
      return r.ok ? 200 : r.response.status;
    };
    expect(await status({ 'content-type': 'text/plain' }, '{}')).toBe(415);
    expect(await status({}, '{}')).toBe(415);
    expect(await status({ 'content-type': 'application/json' }, 'x'.repeat(MAX_JSON_BODY_BYTES + 1))).toBe(413);
    expect(await status({ 'content-type': 'application/json' }, '{"a":')).toBe(400);
  });
});
