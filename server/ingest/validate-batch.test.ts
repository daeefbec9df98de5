import { describe, expect, it } from 'vitest';
import { exampleEvent } from '../../lib/contract/example-event';
import type { RawItem } from './parse-body';
import { jsonDepthExceeds, validateBatch } from './validate-batch';

const items = (...values: unknown[]): RawItem[] => values.map((value, index) => ({ index, value }));

describe('validateBatch', () => {
  it('keeps valid events with what was sent, and lists each rejected one with index, field and reason', () => {
    const good = exampleEvent('pos.item.added');
    const bad = { ...exampleEvent('pos.item.added', 2), payload: { lineId: 1, sku: 'SKU-1', qty: 0, unitPrice: 5, entry: 'scanned' } };
    const r = validateBatch(items(good, bad, 42));
    expect(r.valid).toHaveLength(1);
    expect(r.valid[0]).toMatchObject({ index: 0, raw: good, event: { type: 'pos.item.added', seq: 1 } });
    expect(r.rejected).toEqual([
      { index: 1, type: 'pos.item.added', field: 'payload.qty', reason: expect.any(String), issues: [{ field: 'payload.qty', reason: expect.any(String) }] },
      { index: 2, field: '', reason: expect.any(String), issues: [expect.objectContaining({ field: '' })] },
    ]);
  });

  it('the first problem is field/reason; all of them (at most 10) are in issues', () => {
    const r = validateBatch(items({ nonsense: true, more: 1 }));
    const rej = r.rejected[0]!;
    expect(rej.issues.length).toBeGreaterThan(1);
    expect(rej.issues.length).toBeLessThanOrEqual(10);
    expect({ field: rej.field, reason: rej.reason }).toEqual(rej.issues[0]);
  });

  it('an unknown type is named', () => {
    const r = validateBatch(items({ ...exampleEvent('pos.receipt.opened'), type: 'pos.teleported' }));
    expect(r.rejected[0]).toMatchObject({ index: 0, type: 'pos.teleported', field: 'type', reason: expect.stringContaining('unknown event type') });
  });

  it('an NDJSON line that is not JSON keeps its index and line', () => {
    const r = validateBatch([{ index: 3, line: 7, error: 'line 7 is not valid JSON: Unexpected end' }]);
    expect(r.rejected).toEqual([{ index: 3, line: 7, field: '', reason: 'line 7 is not valid JSON: Unexpected end', issues: [{ field: '', reason: 'line 7 is not valid JSON: Unexpected end' }] }]);
  });

  it('refuses absurd nesting before anything recursive sees it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = validateBatch(items({ ...exampleEvent('pos.receipt.opened'), payload: { extra: deep } }));
    expect(r.rejected[0]).toMatchObject({ index: 0, field: '', reason: expect.stringContaining('nested deeper') });
  });
});

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(jsonDepthExceeds(1, 1)).toBe(false);
    expect(jsonDepthExceeds({ a: 1 }, 1)).toBe(false);
    expect(jsonDepthExceeds({ a: [1] }, 1)).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: {} }] }, 4)).toBe(false);
    expect(jsonDepthExceeds({ a: [{ b: { c: [] } }] }, 4)).toBe(true);
  });
});
