import { describe, expect, it } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { inventoryCalls, request, setup, type R } from './inventory-routes-fixture';

/** GET /api/v1/inventory/locations and /api/v1/inventory/locations/{locationId} over stand-ins (inventory-routes-fixture.ts), every answer against the OpenAPI document. */
const { answer, locOf } = inventoryCalls(openApiChecker(openApiDocument('test')));

describe('GET /api/v1/inventory/locations', () => {
  const LIST_PATH = '/api/v1/inventory/locations';
  const list = async (routes: R, user: string | null, query = '') => answer(await routes.locations(request('GET', user, `${LIST_PATH}${query}`)), LIST_PATH);
  const brief = (r: { body: Record<string, unknown> }) => (r.body.locations as { locationId: string; kind: string; hasStock: boolean }[]).map((l) => `${l.locationId} ${l.kind} ${l.hasStock}`);

  it('stores of the master data first, then the other locations with stock, each as the caller may see them', async () => {
    const { routes } = setup();
    expect(brief(await list(routes, 'merch'))).toEqual(['S001 store true', 'S002 store false', 'S003 store true', 'DC01 warehouse true']);
    expect((await list(routes, 'admin')).body.locations).toContainEqual({ locationId: 'S001', kind: 'store', name: 'S001', hasStock: true });
    expect(brief(await list(routes, 'manager'))).toEqual(['S001 store true', 'S002 store false']);
  });

  it('400 for any parameter, 401, 403 for a fraud analyst, 503 when Redis fails', async () => {
    const { routes } = setup();
    expect(await list(routes, 'admin', '?kind=store')).toMatchObject({ status: 400, body: { field: 'kind' } });
    expect((await list(routes, null)).status).toBe(401);
    expect((await list(routes, 'fraud')).status).toBe(403);
    expect((await list(setup({ fail: true }).routes, 'admin')).status).toBe(503);
  });
});

describe('GET /api/v1/inventory/locations/{locationId}', () => {
  it('lists the location’s SKUs by days of cover (nulls last), with master data', async () => {
    const { routes } = setup();
    const r = await locOf(routes, 'manager', 'S001');
    expect(r.body).toMatchObject({ locationId: 'S001', total: 3, nextCursor: null, filters: { category: null, lowOnly: false, sort: 'daysOfCover' } });
    const items = r.body.items as { sku: string; daysOfCover: number | null; category: string }[];
    expect(items.map((i) => [i.sku, i.daysOfCover])).toEqual([
      ['SKU-2', 3],
      ['SKU-1', 4.5],
      ['SKU-3', null],
    ]);
    expect(items[0]).toMatchObject({ name: 'Butter', category: 'dairy', reorderPoint: 5, targetLevel: 30, thresholdSource: 'masterdata', low: true });
  });

  it('filters by category and low stock, sorts by SKU or available, and pages with the cursor', async () => {
    const { routes } = setup();
    const skus = (r: { body: Record<string, unknown> }) => (r.body.items as { sku: string }[]).map((i) => i.sku);
    expect(skus(await locOf(routes, 'admin', 'S001', '?category=dairy&sort=sku'))).toEqual(['SKU-1', 'SKU-2']);
    expect(skus(await locOf(routes, 'admin', 'S001', '?lowOnly=true'))).toEqual(['SKU-2']);
    expect(skus(await locOf(routes, 'admin', 'S001', '?sort=available'))).toEqual(['SKU-2', 'SKU-1', 'SKU-3']);
    const first = await locOf(routes, 'admin', 'S001', '?sort=sku&limit=2');
    expect(first.body).toMatchObject({ total: 3 });
    expect(skus(first)).toEqual(['SKU-1', 'SKU-2']);
    const second = await locOf(routes, 'admin', 'S001', `?sort=sku&limit=2&cursor=${first.body.nextCursor as string}`);
    expect(skus(second)).toEqual(['SKU-3']);
    expect(second.body.nextCursor).toBeNull();
    // A cursor of another sort is refused.
    expect(await locOf(routes, 'admin', 'S001', `?sort=available&cursor=${first.body.nextCursor as string}`)).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it('403 for a store manager elsewhere, before anything is read; 404 for an unknown location; an empty store is an empty list', async () => {
    const { routes, stock } = setup();
    expect(await locOf(routes, 'manager', 'S003')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await locOf(routes, 'manager', 'DC01')).toMatchObject({ status: 403 });
    // A location that does not exist is the same 403 to it: it learns nothing of which exist.
    expect(await locOf(routes, 'manager', 'XX9')).toMatchObject({ status: 403, body: { error: 'forbidden', message: 'locationId: you may not see the stock of XX9' } });
    expect(stock.atLocation).not.toHaveBeenCalled();
    expect(await locOf(routes, 'admin', 'XX9')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await locOf(routes, 'manager', 'S002')).toMatchObject({ status: 200, body: { total: 0, items: [] } });
    expect(await locOf(routes, 'fraud', 'S001')).toMatchObject({ status: 403 });
    expect(await locOf(routes, 'admin', 'S001', '?limit=0')).toMatchObject({ status: 400, body: { field: 'limit' } });
  });
});
