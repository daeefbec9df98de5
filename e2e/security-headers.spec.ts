import { expect, test } from '@playwright/test';
import { apiSignIn, closeOpened, contexts, liveSocket, refusal, TEMP_PASSWORD, tempName } from './security-helpers';

/**
 * Headers: the `x-middleware-subrequest` header (CVE-2025-29927) refused at the door, TRACE
 * not served, and the security headers on pages and API answers.
 */

/** The values of the header seen in exploits of CVE-2025-29927, for every Next.js layout, and the Next 16 "proxy" names. */
const SUBREQUEST_VALUES = [
  'middleware',
  'middleware:middleware:middleware:middleware:middleware',
  'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
  'pages/_middleware',
  'src/pages/_middleware',
  'proxy:proxy:proxy:proxy:proxy',
  'src/proxy:src/proxy:src/proxy:src/proxy:src/proxy',
];

test.afterEach(closeOpened);

test('x-middleware-subrequest is refused at the door with 400, for pages, API and the socket, signed in or not', async ({ request, playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, 'admin');
  contexts.push(admin.ctx);
  const paths = ['/', '/status', '/admin/users', '/stores/S003', '/api/auth/me', '/api/v1/kpis?storeId=S003', '/api/v1/admin/users', '/api/v1/inventory/locations/S003'];
  for (const value of SUBREQUEST_VALUES) {
    for (const path of paths) {
      for (const [who, ctx] of [
        ['signed out', request],
        ['admin', admin.ctx],
      ] as const) {
        const res = await ctx.get(path, { headers: { 'X-Middleware-Subrequest': value }, maxRedirects: 0 });
        const body = await res.text();
        expect(res.status(), `${who} GET ${path} with ${value}: ${body.slice(0, 200)}`).toBe(400);
        expect(JSON.parse(body)).toMatchObject({ error: 'invalid_request', field: 'x-middleware-subrequest' });
      }
    }
  }
  // A mutation carrying it does nothing.
  const username = tempName('mw');
  const post = await admin.ctx.post('/api/v1/admin/users', {
    headers: { ...admin.own, 'x-middleware-subrequest': 'middleware' },
    data: { username, password: TEMP_PASSWORD, role: 'admin' },
  });
  expect(post.status()).toBe(400);
  const users = ((await (await admin.ctx.get('/api/v1/admin/users')).json()) as { users: { username: string }[] }).users;
  expect(users.map((u) => u.username)).not.toContain(username);
  // The Socket.IO handshake (websocket upgrade) too, even with a valid session.
  await refusal(liveSocket(baseURL!, { token: admin.token, headers: { 'x-middleware-subrequest': 'middleware' } }));
  const polling = await request.get('/socket.io/?EIO=4&transport=polling', { headers: { 'x-middleware-subrequest': 'middleware' } });
  expect(polling.status()).toBe(400);
  // TRACE is not served (it used to end in a 500 from Next's route handler).
  expect((await admin.ctx.fetch('/api/auth/me', { method: 'TRACE' })).status()).toBe(405);
});

test('pages and API answers carry the security headers', async ({ request }) => {
  for (const path of ['/sign-in', '/status', '/api/health', '/does-not-exist']) {
    const h = (await request.get(path, { maxRedirects: 0 })).headers();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['x-frame-options'], path).toBe('DENY');
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['referrer-policy'], path).toBeTruthy();
  }
});
