import { describe, expect, it, vi } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { encodeCursor } from './keyset-page';
import { inventoryCalls, NOW, setup } from './inventory-routes-fixture';

/** GET /api/v1/inventory/movements over stand-ins (inventory-routes-fixture.ts), every answer against the OpenAPI document. */
const { movesOf } = inventoryCalls(openApiChecker(openApiDocument('test')));

describe('GET /api/v1/inventory/movements', () => {
  it('asks history for the pair over the last 7 days by default, and answers movements, totals and the net', async () => {
    const { routes, movements } = setup();
    const r = await movesOf(routes, 'manager', 'locationId=S001&sku=SKU-1');
    expect(movements.page).toHaveBeenCalledWith({ locationId: 'S001', sku: 'SKU-1', from: NOW - 7 * 86_400_000, to: NOW, after: undefined, limit: 1000 });
    expect(r.body).toMatchObject({ locationId: 'S001', sku: 'SKU-1', from: '2026-11-14T10:00:00.000Z', to: '2026-11-21T10:00:00.000Z', net: -1, nextCursor: null });
    expect((r.body.movements as unknown[])[1]).toEqual({ occurredAt: '2026-11-21T09:59:56.000Z', kind: 'sale', delta: -2, source: 'S001-T01', seq: 7, ref: 'R1' });
  });

  it('pages: the cursor is the last movement of the page', async () => {
    const { routes, movements } = setup();
    const first = await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1&from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z&limit=2');
    expect((first.body.movements as unknown[]).length).toBe(2);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBe(encodeCursor('movements', [NOW - 4000, 'S001-T01', 7, 'sale']));
    const second = await movesOf(routes, 'admin', `locationId=S001&sku=SKU-1&from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z&limit=2&cursor=${cursor}`);
    expect(movements.page).toHaveBeenLastCalledWith(expect.objectContaining({ after: { ms: NOW - 4000, source: 'S001-T01', seq: 7, kind: 'sale' } }));
    expect(second.body).toMatchObject({ nextCursor: null, movements: [{ kind: 'refund' }] });
    expect(await movesOf(routes, 'admin', `locationId=S001&sku=SKU-1&cursor=${encodeCursor('movements', ['x'])}`)).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it('400 for a period backwards or too long, 403 elsewhere for a store manager, 503 when ClickHouse fails', async () => {
    const { routes, movements } = setup();
    expect(await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1&from=2026-11-21T00:00:00Z&to=2026-11-21T00:00:00Z')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1&from=2024-01-01T00:00:00Z&to=2026-11-21T00:00:00Z')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await movesOf(routes, 'admin', 'sku=SKU-1')).toMatchObject({ status: 400, body: { field: 'locationId' } });
    expect(await movesOf(routes, 'manager', 'locationId=S003&sku=SKU-1')).toMatchObject({ status: 403 });
    expect(await movesOf(routes, 'fraud', 'locationId=S001&sku=SKU-1')).toMatchObject({ status: 403 });
    vi.mocked(movements.page).mockRejectedValueOnce(new Error('chdb down'));
    expect(await movesOf(routes, 'admin', 'locationId=S001&sku=SKU-1')).toMatchObject({ status: 503 });
  });
});
