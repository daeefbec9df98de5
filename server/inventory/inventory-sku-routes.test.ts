import { describe, expect, it } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { inventoryCalls, request, setup, type R } from './inventory-routes-fixture';

/** GET /api/v1/inventory/skus (search) and /api/v1/inventory/skus/{sku} over stand-ins (inventory-routes-fixture.ts), every answer against the OpenAPI document. */
const { answer, skuOf } = inventoryCalls(openApiChecker(openApiDocument('test')));

describe('GET /api/v1/inventory/skus (search)', () => {
  const SEARCH_PATH = '/api/v1/inventory/skus';
  const search = async (routes: R, user: string | null, query: string) => answer(await routes.skuSearch(request('GET', user, `${SEARCH_PATH}?${query}`)), SEARCH_PATH);

  it('the start of an id first (by id), then a part of a name (by name), case-insensitive, with master data', async () => {
    const { routes } = setup();
    const r = await search(routes, 'manager', 'q=sku-');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ q: 'sku-', more: false, generatedAt: '2026-11-21T10:00:00.000Z' });
    expect((r.body.items as { sku: string }[]).map((i) => i.sku)).toEqual(['SKU-1', 'SKU-2', 'SKU-3', 'SKU-7']);
    const byName = await search(routes, 'merch', 'q=%20BREAD%20');
    expect(byName.body).toMatchObject({ q: 'BREAD', items: [{ sku: 'SKU-3', name: 'Bread', category: 'bakery', match: 'name' }] });
    expect((await search(routes, 'admin', 'q=nothing')).body).toMatchObject({ items: [], more: false });
  });

  it('limit: at most that many, and `more` when others matched', async () => {
    const { routes } = setup();
    const r = await search(routes, 'admin', 'q=SKU&limit=2');
    expect(r.body).toMatchObject({ more: true, items: [{ sku: 'SKU-1' }, { sku: 'SKU-2' }] });
  });

  it('400 naming a missing, empty, too long or unknown parameter and a bad limit; 401; 403 for a fraud analyst; 503 when Redis fails', async () => {
    const { routes, stock } = setup();
    for (const [query, field] of [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(65)}`, 'q'],
      ['q=SKU&limit=0', 'limit'],
      ['q=SKU&limit=51', 'limit'],
      ['q=SKU&limit=ten', 'limit'],
      ['q=SKU&colour=red', 'colour'],
      ['q=SKU&q=MILK', 'q'],
    ]) {
      expect(await search(routes, 'admin', query!), query).toMatchObject({ status: 400, body: { error: 'invalid_request', field } });
    }
    expect((await search(routes, null, 'q=SKU')).status).toBe(401);
    expect(await search(routes, 'fraud', 'q=SKU')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(stock.catalog).not.toHaveBeenCalled();
    expect(await search(setup({ fail: true }).routes, 'admin', 'q=SKU')).toMatchObject({ status: 503, body: { error: 'unavailable' } });
  });
});

describe('GET /api/v1/inventory/skus/{sku}', () => {
  it('an HQ role gets the SKU at every location, with master data, stock levels and totals', async () => {
    const { routes } = setup();
    const r = await skuOf(routes, 'merch', 'SKU-1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sku: 'SKU-1', name: 'Milk', category: 'dairy', generatedAt: '2026-11-21T10:00:00.000Z' });
    const locations = r.body.locations as { locationId: string }[];
    expect(locations.map((l) => l.locationId)).toEqual(['DC01', 'S001', 'S003']);
    expect(locations[0]).toMatchObject({ onHand: 500, safetyStock: 50, available: 450, daysOfCover: null, thresholdSource: 'velocity', reorderPoint: 0, low: false });
    expect(locations[1]).toMatchObject({ onHand: 20, reserved: 2, available: 18, unitsPerDay: 4, daysOfCover: 4.5, reorderPoint: 12, targetLevel: 40, low: false });
    expect(locations[2]).toMatchObject({ onHand: 7, available: 7, incoming: 10, reorderPoint: 21, low: true, daysOfCover: 1 });
    expect(r.body.totals).toEqual({ onHand: 527, reserved: 2, available: 475, incoming: 10 });
  });

  it('a store manager sees its own stores only, and a SKU kept only elsewhere does not exist for it', async () => {
    const { routes } = setup();
    const r = await skuOf(routes, 'manager', 'SKU-1');
    expect((r.body.locations as { locationId: string }[]).map((l) => l.locationId)).toEqual(['S001']);
    expect(r.body.totals).toMatchObject({ onHand: 20 });
    expect((await skuOf(routes, 'manager', 'SKU-9')).status).toBe(404);
    expect((await skuOf(routes, 'admin', 'SKU-9')).body).toMatchObject({ name: null, category: null });
  });

  it('a SKU of the master data that no location keeps is all zeros; one unknown everywhere is 404', async () => {
    const { routes } = setup();
    const r = await skuOf(routes, 'admin', 'SKU-7');
    expect(r).toMatchObject({ status: 200, body: { name: 'Never stocked', totals: { onHand: 0, reserved: 0, available: 0, incoming: 0 } } });
    expect(await skuOf(routes, 'admin', 'SKU-404')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('400 naming the segment or a parameter; 401, 403 for a fraud analyst, 503 when Redis fails', async () => {
    const { routes } = setup();
    expect(await skuOf(routes, 'admin', 'SKU 1')).toMatchObject({ status: 400, body: { field: 'sku' } });
    expect(await skuOf(routes, 'admin', 'SKU-1', '?colour=red')).toMatchObject({ status: 400, body: { field: 'colour' } });
    expect((await skuOf(routes, null, 'SKU-1')).status).toBe(401);
    expect(await skuOf(routes, 'fraud', 'SKU-1')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const down = await skuOf(setup({ fail: true }).routes, 'admin', 'SKU-1');
    expect(down).toMatchObject({ status: 503, body: { error: 'unavailable', retryAfterSeconds: 5 } });
    expect(down.headers.get('retry-after')).toBe('5');
  });
});
