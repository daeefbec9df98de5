import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { SignJWT } from 'jose';
import { roomForStore } from '../lib/live/rooms';
import { apiSignIn, closeOpened, connected, contexts, COOKIE, join, liveSocket, refusal, TEMP_PASSWORD, tempName, within } from './security-helpers';
import { signIn } from './sign-in';

/**
 * Session cookies as an attacker makes or keeps them: forged (payload changed, signature
 * tampered or dropped, alg none, another key or algorithm), expired, of a changed or deleted
 * user, or copied before the browser signed out. Each is refused by the API, the pages and
 * the socket.
 */

test.afterEach(closeOpened);

/** The server's SESSION_SECRET (playwright.config.ts), to mint tokens as server/auth/session-token.ts does. */
function sessionKey(): Uint8Array {
  const secret = process.env.TILLSTREAM_E2E_SESSION_SECRET;
  if (!secret) throw new Error('TILLSTREAM_E2E_SESSION_SECRET is unset: run through playwright.config.ts');
  return new TextEncoder().encode(secret);
}

interface Claims {
  sub: string;
  ver: number;
  jti: string;
  iss: string;
  iat: number;
  exp: number;
}

const claimsOf = (token: string): Claims => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Claims;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Another payload under the token's own header and signature. */
function withPayload(token: string, payload: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(payload)}.${signature}`;
}

/** One full character of the signature changed (not the last, whose low bits may be padding). */
function withSignatureTampered(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const i = 10;
  return `${header}.${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
}

/**
 * A token signed as server/auth/session-token.ts signs one, with the claims given and a new
 * session id (`jti`), or none with `jti: null` (a token from before sessions had one).
 */
async function mint(c: { sub: string; ver: number; iat: number; exp: number; jti?: string | null }, o: { key?: Uint8Array; alg?: string } = {}): Promise<string> {
  const jwt = new SignJWT({ ver: c.ver }).setProtectedHeader({ alg: o.alg ?? 'HS256', typ: 'JWT' }).setSubject(c.sub);
  if (c.jti !== null) jwt.setJti(c.jti ?? randomBytes(16).toString('base64url'));
  return jwt
    .setIssuer('tillstream')
    .setIssuedAt(c.iat)
    .setExpirationTime(c.exp)
    .sign(o.key ?? sessionKey());
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---- what a refused session looks like everywhere --------------------------------------

/** The API answers 401, a page sends to the sign-in page, the socket is refused. */
async function expectRefusedSession(request: APIRequestContext, baseURL: string, token: string, what: string): Promise<void> {
  const cookie = `${COOKIE}=${token}`;
  for (const path of ['/api/auth/me', '/api/v1/kpis?storeId=S001', '/api/v1/admin/users']) {
    const res = await request.get(path, { headers: { cookie } });
    expect(res.status(), `${what}: GET ${path}`).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('unauthenticated');
  }
  const page = await request.get('/status', { headers: { cookie }, maxRedirects: 0 });
  expect(page.status(), `${what}: GET /status`).toBe(307);
  expect(page.headers().location, `${what}: GET /status`).toBe('/sign-in?next=%2Fstatus');
  expect(await refusal(liveSocket(baseURL, { token })), `${what}: socket`).toBe('unauthenticated');
}

test('a forged session cookie is refused by the API, the pages and the socket', async ({ page, context, request, playwright, baseURL }) => {
  const manager = await apiSignIn(playwright, baseURL!, 'manager');
  const admin = await apiSignIn(playwright, baseURL!, 'admin');
  contexts.push(manager.ctx, admin.ctx);
  const mine = claimsOf(manager.token);
  const adminSub = claimsOf(admin.token).sub;
  const now = nowSeconds();

  const forged: [string, string][] = [
    ['the manager’s token made admin (admin’s sub, role and stores added), old signature', withPayload(manager.token, { ...mine, sub: adminSub, role: 'admin', stores: 'all' })],
    ['the manager’s token with a later expiry, old signature', withPayload(manager.token, { ...mine, exp: mine.exp + 86_400 })],
    ['the manager’s token with a tampered signature', withSignatureTampered(manager.token)],
    ['the manager’s token without its signature', manager.token.split('.').slice(0, 2).join('.') + '.'],
    ['alg none for the admin', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...mine, sub: adminSub })}.`],
    ['signed with another key', await mint({ sub: adminSub, ver: 1, iat: now, exp: now + 3600 }, { key: new TextEncoder().encode('not-the-server-secret-but-32-characters-long') })],
    ['signed with the server’s key as HS512', await mint({ sub: adminSub, ver: claimsOf(admin.token).ver, iat: now, exp: now + 3600 }, { alg: 'HS512' })],
    ['garbage', 'not-a-jwt'],
  ];
  for (const [what, token] of forged) await expectRefusedSession(request, baseURL!, token, what);

  // In the browser: the page asks who you are, and shows nothing else.
  await context.addCookies([{ name: COOKIE, value: forged[0]![1], url: baseURL! }]);
  await page.goto('/status');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstatus$/);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);

  // The untouched cookie still works (so the refusals above are the forgery's).
  expect((await manager.ctx.get('/api/auth/me')).status()).toBe(200);
});

test('an expired token, or one for a changed or deleted user, is refused; one the server signed is taken', async ({ request, playwright, baseURL }, testInfo) => {
  testInfo.setTimeout(60_000);
  const manager = await apiSignIn(playwright, baseURL!, 'manager');
  const admin = await apiSignIn(playwright, baseURL!, 'admin');
  contexts.push(manager.ctx, admin.ctx);
  const { sub, ver } = claimsOf(manager.token);
  const now = nowSeconds();

  // The key is the one the server uses: a token minted with it is a session.
  const minted = await mint({ sub, ver, iat: now - 60, exp: now + 600 });
  const me = await request.get('/api/auth/me', { headers: { cookie: `${COOKIE}=${minted}` } });
  expect(me.status(), 'a token minted with TILLSTREAM_E2E_SESSION_SECRET: is it the server’s SESSION_SECRET?').toBe(200);
  expect(((await me.json()) as { user: { username: string } }).user.username).toBe('manager');

  await expectRefusedSession(request, baseURL!, await mint({ sub, ver, iat: now - 13 * 3600, exp: now - 3600 }), 'expired an hour ago');
  await expectRefusedSession(request, baseURL!, await mint({ sub, ver, iat: now - 12 * 3600 - 5, exp: now - 5 }), 'expired 5 s ago');
  await expectRefusedSession(request, baseURL!, await mint({ sub, ver: ver + 1, iat: now, exp: now + 600 }), 'a tokenVersion the user does not have');
  await expectRefusedSession(request, baseURL!, await mint({ sub, ver, iat: now - 60, exp: now + 600, jti: null }), 'a token without a session id (jti)');
  await expectRefusedSession(request, baseURL!, await mint({ sub: '00000000-0000-4000-8000-000000000000', ver: 1, iat: now, exp: now + 600 }), 'a user id that does not exist');

  // A user whose password changes: its cookie (and a socket it has open) end.
  const username = tempName('pw');
  try {
    const created = await admin.ctx.post('/api/v1/admin/users', { headers: admin.own, data: { username, password: TEMP_PASSWORD, role: 'store_manager', stores: ['S001'] } });
    expect(created.status(), await created.text()).toBe(201);
    const temp = await apiSignIn(playwright, baseURL!, username, TEMP_PASSWORD);
    contexts.push(temp.ctx);
    const s = liveSocket(baseURL!, { token: temp.token });
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    await connected(s);
    expect(await join(s, roomForStore('S001'))).toEqual({ ok: true });

    const changed = await admin.ctx.patch(`/api/v1/admin/users/${username}`, { headers: admin.own, data: { password: 'another-password-2' } });
    expect(changed.status(), await changed.text()).toBe(200);
    await expectRefusedSession(request, baseURL!, temp.token, 'the cookie from before the password changed');
    expect(await within(closed, 12_000, 'disconnect after the password changed')).toBe('io server disconnect');

    // Deleted: a token with the version it had is nobody's.
    const { sub: tempSub } = claimsOf(temp.token);
    const again = await apiSignIn(playwright, baseURL!, username, 'another-password-2');
    contexts.push(again.ctx);
    const current = again.token;
    expect((await admin.ctx.delete(`/api/v1/admin/users/${username}`, { headers: admin.own })).status()).toBe(204);
    await expectRefusedSession(request, baseURL!, current, 'the cookie of a deleted user');
    await expectRefusedSession(request, baseURL!, await mint({ sub: tempSub, ver: claimsOf(current).ver, iat: now, exp: now + 600 }), 'a fresh token for a deleted user');
  } finally {
    await admin.ctx.delete(`/api/v1/admin/users/${username}`, { headers: admin.own });
  }
});

test('signing out in the browser ends that session: a copy of its cookie gets 401 and its socket is refused', async ({ page, context, request, playwright, baseURL }) => {
  // Another session of the same user, which must stay signed in.
  const other = await apiSignIn(playwright, baseURL!, 'manager');
  contexts.push(other.ctx);
  await signIn(page, 'manager', '/status');
  const copied = (await context.cookies()).find((c) => c.name === COOKIE)!.value;
  expect(claimsOf(copied).jti).not.toBe(claimsOf(other.token).jti);
  const cookie = `${COOKIE}=${copied}`;
  // Before: the copy is a session, on the API and on the socket (one stays open).
  expect((await request.get('/api/auth/me', { headers: { cookie } })).status()).toBe(200);
  const open = liveSocket(baseURL!, { token: copied });
  const closed = new Promise<string>((resolve) => open.once('disconnect', (reason) => resolve(reason)));
  await connected(open);
  expect(await join(open, roomForStore('S001'))).toEqual({ ok: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await context.cookies()).find((c) => c.name === COOKIE), 'the browser’s cookie is cleared').toBeUndefined();

  // The copy: 401 on /api/auth/me, refused everywhere else, and no socket.
  const me = await request.get('/api/auth/me', { headers: { cookie } });
  expect(me.status(), 'GET /api/auth/me with the copied cookie after signing out').toBe(401);
  expect(((await me.json()) as { error: string }).error).toBe('unauthenticated');
  expect(await refusal(liveSocket(baseURL!, { token: copied })), 'a socket with the copied cookie').toBe('unauthenticated');
  await expectRefusedSession(request, baseURL!, copied, 'a cookie copied before signing out');
  // The socket it had open is closed at its next check (every 5 s).
  expect(await within(closed, 12_000, 'disconnect of the signed-out session’s socket')).toBe('io server disconnect');
  // The user's other session is untouched.
  expect((await other.ctx.get('/api/auth/me')).status()).toBe(200);
});
