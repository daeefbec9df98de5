import { describe, expect, it } from 'vitest';
import type { EventType } from '../../lib/contract/catalog';
import { exampleEvent } from '../../lib/contract/example-event';
import { parseEvent } from '../../lib/contract/parse-event';
import { scopeViolations } from './scope';
import type { ValidEvent } from './validate-batch';

/** A valid example of `type`, changed by `patch`, as validate-batch hands it on. */
function valid(type: EventType, patch: (e: Record<string, unknown>) => void = () => undefined, index = 0): ValidEvent {
  const raw = exampleEvent(type);
  patch(raw);
  const r = parseEvent(raw);
  if (!r.ok) throw new Error(`test event is invalid: ${JSON.stringify(r.issues)}`);
  return { index, event: r.event, raw };
}

const setPayload = (fields: Record<string, unknown>) => (e: Record<string, unknown>) => {
  e.payload = { ...(e.payload as object), ...fields };
};

describe('scopeViolations of a key of store S001', () => {
  it('till events of S001 from its tills are in scope', () => {
    expect(scopeViolations([valid('pos.item.added'), valid('pos.receipt.closed'), valid('pos.report.z')], 'S001')).toEqual([]);
  });

  it('source may be the store id itself or <storeId>-anything', () => {
    expect(scopeViolations([valid('pos.item.added', (e) => (e.source = 'S001'))], 'S001')).toEqual([]);
    expect(scopeViolations([valid('pos.item.added', (e) => (e.source = 'S001-SCO-2'))], 'S001')).toEqual([]);
  });

  it('another store is refused, naming storeId', () => {
    const v = scopeViolations([valid('pos.item.added'), valid('pos.item.added', (e) => (e.storeId = 'S002'), 1)], 'S001');
    expect(v).toEqual([{ index: 1, field: 'storeId', reason: expect.stringContaining('S002') }]);
  });

  it('a source outside the store is refused (no writing into another seq line)', () => {
    for (const source of ['S002-T01', 'S0011-T01', 'S001T01', 'HQ', 'WEB']) {
      expect(scopeViolations([valid('pos.item.added', (e) => (e.source = source))], 'S001'), source).toEqual([
        { index: 0, field: 'source', reason: expect.any(String) },
      ]);
    }
  });

  it('web-shop and stock events must carry the store id and book only its location', () => {
    const ecom = (patch: (e: Record<string, unknown>) => void) =>
      valid('ecom.order.placed', (e) => {
        e.storeId = 'S001';
        e.source = 'S001-WEB';
        patch(e);
      });
    expect(scopeViolations([ecom(setPayload({ locationId: 'S001' }))], 'S001')).toEqual([]);
    expect(scopeViolations([ecom(setPayload({ locationId: 'WH1' }))], 'S001')).toEqual([{ index: 0, field: 'payload.locationId', reason: expect.any(String) }]);
    expect(scopeViolations([valid('ecom.order.paid')], 'S001')).toEqual([{ index: 0, field: 'storeId', reason: expect.stringContaining('required') }]);

    const stock = (type: EventType, fields: Record<string, unknown>) =>
      valid(type, (e) => {
        e.storeId = 'S001';
        e.source = 'S001-BACKOFFICE';
        setPayload(fields)(e);
      });
    expect(scopeViolations([stock('stock.received', { locationId: 'S001' }), stock('stock.transferred', { fromLocationId: 'S001', toLocationId: 'S002' })], 'S001')).toEqual([]);
    expect(scopeViolations([stock('stock.adjusted', { locationId: 'S002' })], 'S001')).toEqual([{ index: 0, field: 'payload.locationId', reason: expect.any(String) }]);
    expect(scopeViolations([stock('stock.transferred', { fromLocationId: 'WH1', toLocationId: 'S001' })], 'S001')).toEqual([
      { index: 0, field: 'payload.fromLocationId', reason: expect.any(String) },
    ]);
  });

  it('HQ types (master data, promotions) are never a store key’s, even with the right store', () => {
    for (const type of ['store.upserted', 'sku.upserted', 'stock.threshold.set', 'promo.published', 'promo.withdrawn'] as const) {
      const v = scopeViolations([valid(type, (e) => ((e.storeId = 'S001'), (e.source = 'S001')))], 'S001');
      expect(v, type).toEqual([{ index: 0, field: 'type', reason: expect.stringContaining('HQ') }]);
    }
  });
});
