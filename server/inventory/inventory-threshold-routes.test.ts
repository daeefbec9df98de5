import { describe, expect, it } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { inventoryCalls, NOW, setup } from './inventory-routes-fixture';

/** PUT and DELETE /api/v1/inventory/thresholds/{locationId}/{sku} over stand-ins (inventory-routes-fixture.ts), every answer against the OpenAPI document. */
const { put, del } = inventoryCalls(openApiChecker(openApiDocument('test')));

describe('PUT and DELETE /api/v1/inventory/thresholds/{locationId}/{sku}', () => {
  it('stores the threshold with who set it and when, and answers it with what is now in force', async () => {
    const { routes, store } = setup();
    const r = await put(routes, 'manager', 'S001', 'SKU-1', { reorderPoint: 8, targetLevel: 40 });
    expect(r).toMatchObject({
      status: 200,
      body: {
        locationId: 'S001',
        sku: 'SKU-1',
        threshold: { reorderPoint: 8, targetLevel: 40, source: 'api', setAt: '2026-11-21T10:00:00.000Z', setBy: 'manager' },
        inForce: { reorderPoint: 8, targetLevel: 40, thresholdSource: 'api' },
      },
    });
    expect(store.set).toHaveBeenCalledWith('S001', 'SKU-1', { reorderPoint: 8, targetLevel: 40 }, 'manager', NOW);
    // Without a target: an order fills up to twice the reorder point.
    expect((await put(routes, 'merch', 'DC01', 'SKU-7', { reorderPoint: 10 })).body).toMatchObject({ inForce: { reorderPoint: 10, targetLevel: 20 } });
  });

  it('refuses a forged Origin first, then a store manager elsewhere, a bad body, an unknown location or SKU', async () => {
    const { routes, store } = setup();
    expect(await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8 }, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8 }, { origin: null })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put(routes, 'manager', 'S003', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put(routes, 'manager', 'XX9', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put(routes, 'fraud', 'S001', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8, targetLevel: 3 })).toMatchObject({ status: 400, body: { field: 'targetLevel' } });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', '{"reorderPoint":')).toMatchObject({ status: 400 });
    expect(await put(routes, 'admin', 'S001', 'SKU-1', 'reorderPoint=8', { type: 'text/plain' })).toMatchObject({ status: 415 });
    expect(await put(routes, 'admin', 'XX9', 'SKU-1', { reorderPoint: 8 })).toMatchObject({ status: 404 });
    expect(await put(routes, 'admin', 'S001', 'SKU-404', { reorderPoint: 8 })).toMatchObject({ status: 404 });
    expect(await put(routes, 'admin', 'S001', 'SKU 1', { reorderPoint: 8 })).toMatchObject({ status: 400, body: { field: 'sku' } });
    expect((await put(routes, null, 'S001', 'SKU-1', { reorderPoint: 8 })).status).toBe(401);
    expect(store.set).not.toHaveBeenCalled();
  });

  it('DELETE removes it, idempotently, and answers the default from velocity now in force', async () => {
    const { routes } = setup();
    await put(routes, 'admin', 'S001', 'SKU-1', { reorderPoint: 8 });
    const gone = await del(routes, 'manager', 'S001', 'SKU-1');
    expect(gone).toMatchObject({ status: 200, body: { threshold: null, removed: true, inForce: { reorderPoint: 12, targetLevel: 40, thresholdSource: 'velocity' } } });
    expect((await del(routes, 'manager', 'S001', 'SKU-1')).body).toMatchObject({ removed: false });
    expect(await del(routes, 'manager', 'S003', 'SKU-1')).toMatchObject({ status: 403 });
    expect(await del(routes, 'admin', 'S001', 'SKU-1', { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
  });
});
