import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS, type EventType } from './catalog';
import { exampleEvent } from './example-event';
import { parseEvent } from './parse-event';

const issuesOf = (raw: unknown) => {
  const r = parseEvent(raw);
  if (r.ok) throw new Error('expected the event to be rejected');
  return r.issues;
};

describe('the contract', () => {
  it('has at least 40 types covering every category a till exports', () => {
    expect(EVENT_DEFINITIONS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(EVENT_DEFINITIONS.map((d) => d.category)).size).toBe(9);
  });

  it("marks exactly the design's wire-contract types as core", () => {
    const core = EVENT_DEFINITIONS.filter((d) => d.core).map((d) => d.type).sort();
    expect(core).toEqual(
      [
        'pos.receipt.opened', 'pos.item.added', 'pos.item.voided', 'pos.price.overridden', 'pos.discount.applied',
        'pos.payment.captured', 'pos.receipt.closed', 'pos.receipt.voided', 'pos.receipt.postvoided', 'pos.refund.issued',
        'pos.drawer.opened', 'pos.report.z', 'ecom.order.placed', 'ecom.order.paid', 'ecom.order.cancelled',
        'ecom.order.shipped', 'stock.received', 'stock.transferred', 'stock.adjusted', 'stock.counted',
        'store.upserted', 'sku.upserted', 'stock.threshold.set',
      ].sort(),
    );
  });

  it.each(EVENT_DEFINITIONS.map((d) => d.type))('accepts the example of %s', (type) => {
    const r = parseEvent(exampleEvent(type as EventType));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('accepts a core event written from the design text alone, and keeps extra payload fields out of the parsed value', () => {
    const r = parseEvent({
      id: 'a1', type: 'pos.item.added', schemaVersion: 1, source: 'S001-T03', seq: 18234,
      occurredAt: '2026-11-21T10:15:03.123Z', storeId: 'S001', tillId: 'S001-T03', cashierId: 'C0042',
      receiptId: 'S001-T03-000918', payload: { lineId: 3, sku: 'A-1', qty: 1, unitPrice: 0, entry: 'keyed', colour: 'red' },
    });
    expect(r.ok).toBe(true);
  });
});

describe('parseEvent names the field of every problem', () => {
  const good = () => exampleEvent('pos.item.added');

  it('envelope: missing, malformed and unknown fields', () => {
    const { seq: _seq, ...noSeq } = good();
    expect(issuesOf(noSeq)).toEqual([{ field: 'seq', message: expect.stringMatching(/expected number/) }]);
    expect(issuesOf({ ...good(), occurredAt: '2026-11-21T11:15:03+01:00' })[0]?.field).toBe('occurredAt');
    expect(issuesOf({ ...good(), seq: 0 })[0]?.field).toBe('seq');
    expect(issuesOf({ ...good(), id: 'x'.repeat(65) })[0]?.field).toBe('id');
    expect(issuesOf({ ...good(), cardNumber: '4111111111111111' })).toEqual([
      { field: 'cardNumber', message: expect.stringMatching(/Unrecognized key/) },
    ]);
    expect(issuesOf('not an object')[0]?.field).toBe('');
    // Found by the fuzzer: a type that cannot even be converted to a string.
    expect(issuesOf({ ...good(), type: Object.create(null) })[0]?.field).toBe('type');
    expect(issuesOf(null)[0]?.field).toBe('');
  });

  it('type: unknown types and versions that do not exist', () => {
    expect(issuesOf({ ...good(), type: 'pos.item.teleported' })).toEqual([
      { field: 'type', message: 'unknown event type "pos.item.teleported"' },
    ]);
    expect(issuesOf({ ...good(), schemaVersion: 2 })).toEqual([
      { field: 'schemaVersion', message: 'pos.item.added has no schemaVersion 2 (latest 1)' },
    ]);
  });

  it('envelope fields a type requires', () => {
    const { receiptId: _r, tillId: _t, ...e } = good();
    expect(issuesOf(e).map((i) => i.field)).toEqual(['tillId', 'receiptId']);
  });

  it('payload: wrong values, wrong types, nested array items', () => {
    const e = good();
    expect(issuesOf({ ...e, payload: { ...(e.payload as object), qty: 0, entry: 'telepathy' } }).map((i) => i.field)).toEqual([
      'payload.qty',
      'payload.entry',
    ]);
    expect(issuesOf({ ...e, payload: { ...(e.payload as object), unitPrice: 1.99 } })[0]).toEqual({
      field: 'payload.unitPrice',
      message: expect.stringMatching(/int/i),
    });
    const refund = exampleEvent('pos.refund.issued');
    (refund.payload as { lines: { qty: number }[] }).lines[0]!.qty = -1;
    expect(issuesOf(refund)[0]?.field).toBe('payload.lines.0.qty');
  });

  it('master data: timezone and currency must be real', () => {
    const store = exampleEvent('store.upserted');
    const bad = { ...store, payload: { ...(store.payload as object), timezone: 'Mars/Olympus', currency: 'euro' } };
    expect(issuesOf(bad).map((i) => i.field)).toEqual(['payload.timezone', 'payload.currency']);
  });
});
