import { describe, expect, it } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { inventoryCalls, setup } from './inventory-routes-fixture';

/** GET /api/v1/inventory/alerts and /api/v1/inventory/replenishments over stand-ins (inventory-routes-fixture.ts), every answer against the OpenAPI document. */
const { alertsOf, ordersOf } = inventoryCalls(openApiChecker(openApiDocument('test')));

describe('GET /api/v1/inventory/alerts and /replenishments', () => {
  const ids = (r: { body: Record<string, unknown> }, k: string) => (r.body[k] as { id: string }[]).map((a) => a.id);

  it('open by default, newest first, at the locations the caller may see, times as ISO', async () => {
    const { routes } = setup();
    expect(ids(await alertsOf(routes, 'admin'), 'alerts')).toEqual(['a4', 'a2', 'a1']);
    expect(ids(await alertsOf(routes, 'manager'), 'alerts')).toEqual(['a1']);
    expect(ids(await alertsOf(routes, 'manager', 'state=all'), 'alerts')).toEqual(['a3', 'a1']);
    const resolved = await alertsOf(routes, 'merch', 'state=resolved');
    expect(resolved.body.alerts).toEqual([expect.objectContaining({ id: 'a3', openedAt: '2026-11-21T09:59:59.000Z', resolvedAt: '2026-11-21T10:00:00.000Z' })]);
    expect(ids(await alertsOf(routes, 'admin', 'locationId=S003'), 'alerts')).toEqual(['a2']);
    const paged = await alertsOf(routes, 'admin', 'limit=2');
    expect(ids(paged, 'alerts')).toEqual(['a4', 'a2']);
    expect(ids(await alertsOf(routes, 'admin', `limit=2&cursor=${paged.body.nextCursor as string}`), 'alerts')).toEqual(['a1']);
  });

  it('replenishment orders the same way', async () => {
    const { routes } = setup();
    expect(ids(await ordersOf(routes, 'admin'), 'replenishments')).toEqual(['r2', 'r1']);
    expect(ids(await ordersOf(routes, 'manager', 'state=all'), 'replenishments')).toEqual(['r3', 'r1', 'r0']);
    expect((await ordersOf(routes, 'admin', 'state=expired')).body.replenishments).toEqual([
      expect.objectContaining({ id: 'r0', state: 'expired', createdAt: '2026-11-20T09:00:00.000Z', expiredAt: '2026-11-21T09:00:00.001Z' }),
    ]);
    expect((await ordersOf(routes, 'manager', 'state=received')).body.replenishments).toEqual([
      expect.objectContaining({ id: 'r3', createdAt: '2026-11-21T09:59:59.000Z', receivedAt: '2026-11-21T10:00:04.000Z' }),
    ]);
  });

  it('403 for a foreign location named, or a fraud analyst; 400 for a state of the other list', async () => {
    const { routes } = setup();
    expect(await alertsOf(routes, 'manager', 'locationId=S003')).toMatchObject({ status: 403 });
    expect(await ordersOf(routes, 'manager', 'locationId=DC01')).toMatchObject({ status: 403 });
    expect(await alertsOf(routes, 'fraud')).toMatchObject({ status: 403 });
    expect(await ordersOf(routes, 'admin', 'state=resolved')).toMatchObject({ status: 400, body: { field: 'state' } });
  });
});
