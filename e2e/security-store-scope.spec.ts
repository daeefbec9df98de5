import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { StoresAnswer } from '../lib/kpis/store-answers';
import { LIVE_DELTA_EVENT, type LiveDelta } from '../lib/live/live-delta';
import { CHAIN_ROOM, roomForRegion, roomForStore } from '../lib/live/rooms';
import { apiSignIn, closeOpened, connected, contexts, COOKIE, eventually, FORBIDDEN, join, liveSocket, OWN, TEMP_PASSWORD, tempName } from './security-helpers';
import { signIn } from './sign-in';

/**
 * A store manager's session against another store: its API, its pages and its live rooms
 * (403 or the not-allowed page), and lists that name the manager's own stores only.
 */

test.afterEach(closeOpened);

/** The chain's stores, once the simulator's master data is in (the first seconds of a run it is not yet). */
async function chainStores(admin: APIRequestContext): Promise<StoresAnswer['stores']> {
  let stores: StoresAnswer['stores'] = [];
  await expect
    .poll(
      async () => {
        const res = await admin.get('/api/v1/stores');
        stores = res.ok() ? ((await res.json()) as StoresAnswer).stores : [];
        return stores.map((s) => s.storeId);
      },
      { timeout: 60_000, message: 'the simulator’s stores in GET /api/v1/stores' },
    )
    .toEqual(expect.arrayContaining([...OWN, 'S003']));
  return stores;
}

/** Every value of a `storeId` or `locationId` field, however deep in the answer. */
function storeIdsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) storeIdsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'storeId' || k === 'locationId') && typeof v === 'string') out.push(v);
      else storeIdsIn(v, out);
    }
  }
  return out;
}

test('a store manager gets 403 for another store’s API and live rooms, and only its own stores in lists', async ({ page, context, playwright, baseURL }) => {
  const admin = await apiSignIn(playwright, baseURL!, 'admin');
  contexts.push(admin.ctx);
  const stores = await chainStores(admin.ctx);
  const foreign = stores.find((s) => s.storeId === 'S003')!;
  const sku = ((await (await admin.ctx.get('/api/v1/inventory/locations/S001?limit=1')).json()) as { items: { sku: string }[] }).items[0]?.sku ?? 'SKU-0001';

  await signIn(page, 'manager', '/status');
  const token = (await context.cookies()).find((c) => c.name === COOKIE)!.value;
  const api = page.request;
  const own = { origin: baseURL! };

  const refused: [string, Promise<APIResponse>][] = [
    ['kpis of S003', api.get('/api/v1/kpis?storeId=S003')],
    ['sales per minute of S003', api.get('/api/v1/sales/per-minute?storeId=S003')],
    ['sales per hour of S003', api.get('/api/v1/sales/per-hour?storeId=S003')],
    ['top SKUs of S003', api.get('/api/v1/kpis/top?storeId=S003')],
    [`kpis of region ${foreign.region}`, api.get(`/api/v1/kpis?region=${encodeURIComponent(foreign.region)}`)],
    ['stock at S003', api.get('/api/v1/inventory/locations/S003')],
    ['movements at S003', api.get(`/api/v1/inventory/movements?locationId=S003&sku=${encodeURIComponent(sku)}`)],
    ['alerts at S003', api.get('/api/v1/inventory/alerts?locationId=S003&state=all')],
    ['replenishments at S003', api.get('/api/v1/inventory/replenishments?locationId=S003&state=all')],
    ['a reorder point at S003', api.put(`/api/v1/inventory/thresholds/S003/${encodeURIComponent(sku)}`, { headers: own, data: { reorderPoint: 5 } })],
    ['a reservation at S003', api.post('/api/v1/inventory/reservations', { headers: own, data: { sku, locationId: 'S003', qty: 1, orderId: tempName('order') } })],
    ['the users', api.get('/api/v1/admin/users')],
    ['a new admin', api.post('/api/v1/admin/users', { headers: own, data: { username: tempName('x'), password: TEMP_PASSWORD, role: 'admin' } })],
    ['itself made admin', api.patch('/api/v1/admin/users/manager', { headers: own, data: { role: 'admin' } })],
  ];
  for (const [what, pending] of refused) {
    const res = await pending;
    expect(res.status(), `${what}: ${await res.text()}`).toBe(403);
  }

  // Another store's tills and cashiers: 403, checked before the store is even looked up.
  expect((await api.get('/api/v1/stores/S003/activity')).status()).toBe(403);

  // Its own store works; lists hold its stores only (no other store's id anywhere in the answer).
  expect((await api.get('/api/v1/kpis?storeId=S001')).status()).toBe(200);
  const mine = ((await (await api.get('/api/v1/stores')).json()) as StoresAnswer).stores.map((s) => s.storeId);
  expect(mine.sort()).toEqual(OWN);
  const storeIds = new Set(stores.map((s) => s.storeId));
  const lists = [
    '/api/v1/stores',
    '/api/v1/kpis',
    '/api/v1/kpis/stores',
    '/api/v1/kpis/top',
    '/api/v1/sales/per-minute',
    '/api/v1/sales/per-hour',
    '/api/v1/inventory/locations',
    '/api/v1/inventory/alerts?state=all',
    '/api/v1/inventory/replenishments?state=all',
    `/api/v1/inventory/skus/${encodeURIComponent(sku)}`,
  ];
  for (const path of lists) {
    const res = await api.get(path);
    // Every route here exists: only the SKU may be kept at other stores' locations alone (404 to the manager).
    if (res.status() === 404 && path.startsWith('/api/v1/inventory/skus/')) continue;
    expect(res.status(), `${path}: ${(await res.text()).slice(0, 200)}`).toBe(200);
    const text = await res.text();
    const named = storeIdsIn(JSON.parse(text)).filter((id) => storeIds.has(id));
    expect(named.filter((id) => !OWN.includes(id)), `${path} names only the manager’s stores`).toEqual([]);
    const foreignNamed = [...storeIds].filter((id) => !OWN.includes(id) && text.includes(JSON.stringify(id)));
    expect(foreignNamed, `${path}: no other store's id anywhere in the answer`).toEqual([]);
  }
  const locations = ((await (await api.get('/api/v1/inventory/locations')).json()) as { locations: { locationId: string }[] }).locations.map((l) => l.locationId);
  expect(locations.filter((l) => storeIds.has(l)).sort()).toEqual(OWN);

  // Tricks on the store id: never another store's data.
  for (const q of ['storeId=S003&storeId=S001', 'storeId=S001&storeId=S003', 'storeId=s003', 'storeId=S003%20', 'storeId=S001,S003']) {
    const res = await api.get(`/api/v1/kpis?${q}`);
    expect([400, 403, 404], `kpis?${q}: ${res.status()}`).toContain(res.status());
  }

  // Pages of HQ roles: the not-allowed page.
  for (const path of ['/admin/users', '/overview']) {
    await page.goto(path);
    await expect(page.getByTestId('not-allowed'), path).toBeVisible();
  }

  // The live rooms: its store only.
  const s = liveSocket(baseURL!, { token });
  const deltas: string[] = [];
  s.on(LIVE_DELTA_EVENT, (d: LiveDelta) => deltas.push(d.room));
  await connected(s);
  for (const room of [roomForStore('S003'), CHAIN_ROOM, roomForRegion(foreign.region), 'store:s003', 'store:S003 ', 'store:S001,store:S003', 'Chain', 'user:admin']) {
    expect(await join(s, room), room).toEqual(FORBIDDEN);
  }
  expect(await join(s, roomForStore('S001'))).toEqual({ ok: true });
  await eventually(() => deltas.length > 0, 3000);
  expect(deltas.filter((r) => r !== roomForStore('S001'))).toEqual([]);
});

test('a store manager gets the not-allowed page for another store’s page', async ({ page, request }) => {
  await signIn(page, 'manager', '/status');
  // The store page is being built: until it exists, this fails here, plainly.
  const ownPage = await page.request.get('/stores/S001');
  expect(ownPage.status(), 'GET /stores/S001 as the manager: the store page exists').toBe(200);
  await page.goto('/stores/S003');
  await expect(page.getByTestId('not-allowed')).toBeVisible();
  expect((await page.request.get('/stores/S003')).status()).toBe(403);
  // Signed out: the sign-in page, not the store's.
  const signedOut = await request.get('/stores/S003', { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers().location).toBe('/sign-in?next=%2Fstores%2FS003');
});
