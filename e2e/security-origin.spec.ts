import { expect, test, type APIResponse } from '@playwright/test';
import { apiSignIn, closeOpened, connected, contexts, liveSocket, refusal, TEMP_PASSWORD, tempName } from './security-helpers';
import { DEMO_PASSWORD } from './sign-in';

/** A foreign Origin (CSRF) on every kind of mutation, on sign-in and sign-out, and on the socket. */

const EVIL = 'http://evil.example';

test.afterEach(closeOpened);

test('a mutation from a foreign Origin is refused and changes nothing; from this site it works', async ({ playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, 'admin');
  contexts.push(admin.ctx);
  const users = async () => ((await (await admin.ctx.get('/api/v1/admin/users')).json()) as { users: { username: string; role: string }[] }).users;
  const foreignOrigins: [string, Record<string, string>][] = [
    [EVIL, { origin: EVIL }],
    ['null', { origin: 'null' }],
    ['another port of this host', { origin: 'http://127.0.0.1:1' }],
    ['https on this host', { origin: baseURL!.replace('http:', 'https:') }],
    ['this host as a subdomain of another', { origin: `${baseURL}.evil.example` }],
    ['no Origin, cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['no Origin at all', {}],
  ];

  const expectForbiddenOrigin = async (res: APIResponse, what: string) => {
    expect(res.status(), `${what}: ${await res.text()}`).toBe(403);
    expect(((await res.json()) as { error: string }).error, what).toBe('forbidden_origin');
    expect(res.headers()['set-cookie'], `${what}: no cookie set or cleared`).toBeUndefined();
  };

  // Sign-out (the page's form target and the API), sign-in (login CSRF).
  for (const [name, headers] of foreignOrigins) {
    await expectForbiddenOrigin(await admin.ctx.post('/sign-out', { headers, maxRedirects: 0 }), `POST /sign-out, ${name}`);
    await expectForbiddenOrigin(await admin.ctx.post('/api/auth/sign-out', { headers }), `POST /api/auth/sign-out, ${name}`);
  }
  const anon = await playwright.request.newContext({ baseURL });
  contexts.push(anon);
  await expectForbiddenOrigin(await anon.post('/api/auth/sign-in', { headers: { origin: EVIL }, data: { username: 'admin', password: DEMO_PASSWORD } }), 'sign-in from evil');
  expect((await admin.ctx.get('/api/auth/me')).status(), 'the admin is still signed in').toBe(200);

  // Users: create, promote, delete.
  const username = tempName('csrf');
  try {
    for (const [name, headers] of foreignOrigins) {
      await expectForbiddenOrigin(
        await admin.ctx.post('/api/v1/admin/users', { headers, data: { username, password: TEMP_PASSWORD, role: 'admin' } }),
        `POST /api/v1/admin/users, ${name}`,
      );
    }
    await expectForbiddenOrigin(await admin.ctx.patch('/api/v1/admin/users/manager', { headers: { origin: EVIL }, data: { role: 'admin' } }), 'PATCH manager → admin');
    await expectForbiddenOrigin(await admin.ctx.delete('/api/v1/admin/users/manager', { headers: { origin: EVIL } }), 'DELETE manager');
    const after = await users();
    expect(after.map((u) => u.username)).not.toContain(username);
    expect(after.find((u) => u.username === 'manager')?.role).toBe('store_manager');

    // From this site the same request works (and is undone).
    const created = await admin.ctx.post('/api/v1/admin/users', { headers: admin.own, data: { username, password: TEMP_PASSWORD, role: 'store_manager', stores: ['S001'] } });
    expect(created.status(), await created.text()).toBe(201);
    await expectForbiddenOrigin(await admin.ctx.delete(`/api/v1/admin/users/${username}`, { headers: { origin: EVIL } }), 'DELETE the new user from evil');
    expect((await users()).map((u) => u.username)).toContain(username);
    expect((await admin.ctx.delete(`/api/v1/admin/users/${username}`, { headers: admin.own })).status()).toBe(204);
  } finally {
    await admin.ctx.delete(`/api/v1/admin/users/${username}`, { headers: admin.own });
  }

  // A reorder point.
  const sku = ((await (await admin.ctx.get('/api/v1/inventory/locations/S001?limit=1')).json()) as { items?: { sku: string }[] }).items?.[0]?.sku ?? 'SKU-0001';
  const path = `/api/v1/inventory/thresholds/S001/${encodeURIComponent(sku)}`;
  await expectForbiddenOrigin(await admin.ctx.put(path, { headers: { origin: EVIL }, data: { reorderPoint: 424_242 } }), 'PUT a reorder point');
  await expectForbiddenOrigin(await admin.ctx.delete(path, { headers: { origin: EVIL } }), 'DELETE a reorder point');
  const stock = await admin.ctx.get(`/api/v1/inventory/skus/${encodeURIComponent(sku)}`);
  if (stock.ok()) {
    const row = ((await stock.json()) as { locations: { locationId: string; reorderPoint: number | null }[] }).locations.find((l) => l.locationId === 'S001');
    expect(row?.reorderPoint).not.toBe(424_242);
  }

  // The socket: a page on another site may open one with the user's cookie; the Origin is checked.
  for (const origin of [EVIL, 'null', `${baseURL}.evil.example`, 'http://127.0.0.1:1']) {
    expect(await refusal(liveSocket(baseURL!, { token: admin.token, headers: { origin } })), `socket from ${origin}`).toBe('forbidden origin');
  }
  await connected(liveSocket(baseURL!, { token: admin.token, headers: { origin: baseURL! } }));
});
