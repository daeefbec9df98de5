import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeBySource, tally } from './rules-backtest';
import type { RuleHit } from '../../lib/loss/rules/evaluate';

describe('mergeBySource', () => {
  it('keeps each source’s order and merges the sources by event time, then source', () => {
    const ev = (source: string, seq: number, ms: number) => ({ source, seq, ms });
    const sorted = [ev('A', 1, 10), ev('A', 2, 5), ev('A', 3, 30), ev('B', 1, 0), ev('B', 2, 10), ev('C', 1, 20)];
    expect(mergeBySource(sorted).map((e) => `${e.source}${e.seq}`)).toEqual(['B1', 'A1', 'A2', 'B2', 'C1', 'A3']);
    expect(mergeBySource([])).toEqual([]);
  });

  it('is a permutation that keeps every source’s seq order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ source: fc.constantFrom('A', 'B', 'C', 'D'), ms: fc.integer({ min: 0, max: 100 }) }), { maxLength: 200 }), (raw) => {
        const seqs = new Map<string, number>();
        const events = raw.map((r) => ({ ...r, seq: (seqs.set(r.source, (seqs.get(r.source) ?? 0) + 1), seqs.get(r.source)!) }));
        events.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.seq - b.seq));
        const out = mergeBySource(events);
        expect(out).toHaveLength(events.length);
        for (const s of seqs.keys()) expect(out.filter((e) => e.source === s).map((e) => e.seq)).toEqual(events.filter((e) => e.source === s).map((e) => e.seq));
      }),
    );
  });
});

describe('tally', () => {
  it('counts hits per cashier at a store and per store, most first', () => {
    const hit = (storeId: string, cashierId: string) => ({ subject: { storeId, cashierId, tillId: 'T', receiptId: '' } }) as RuleHit;
    expect(tally([hit('S1', 'C1'), hit('S1', 'C2'), hit('S1', 'C2'), hit('S2', 'C1'), hit('S2', '')])).toEqual({
      byCashier: [
        { storeId: 'S1', cashierId: 'C2', hits: 2 },
        { storeId: 'S1', cashierId: 'C1', hits: 1 },
        { storeId: 'S2', cashierId: 'C1', hits: 1 },
      ],
      byStore: [
        { storeId: 'S1', hits: 3 },
        { storeId: 'S2', hits: 2 },
      ],
    });
  });
});
