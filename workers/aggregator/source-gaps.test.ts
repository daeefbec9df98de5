import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySeqs, gapMember, parseGapMember, type Gap, type SourceLine } from './source-gaps';

const missingOf = (gaps: Gap[]) => gaps.reduce((n, g) => n + g.last - g.first + 1, 0);

describe('a source’s sequence line', () => {
  it('opens a gap for skipped seqs and closes it seq by seq as they arrive late', () => {
    const line: SourceLine = { max: 0, gaps: [] };
    expect(applySeqs(line, [1, 2, 6])).toEqual({ added: [{ first: 3, last: 5 }], removed: [], missingDelta: 3 });
    expect(applySeqs(line, [4])).toEqual({ added: [{ first: 3, last: 3 }, { first: 5, last: 5 }], removed: [{ first: 3, last: 5 }], missingDelta: -1 });
    expect(applySeqs(line, [3, 5, 7])).toEqual({ added: [], removed: [{ first: 3, last: 3 }, { first: 5, last: 5 }], missingDelta: -2 });
    expect(line).toEqual({ max: 7, gaps: [] });
  });

  it('a gap opened and partly filled in the same call is reported once, as what remains', () => {
    const line: SourceLine = { max: 2, gaps: [] };
    expect(applySeqs(line, [10, 5])).toEqual({ added: [{ first: 3, last: 4 }, { first: 6, last: 9 }], removed: [], missingDelta: 6 });
  });

  it('ignores a seq below max that is in no gap (already applied)', () => {
    const line: SourceLine = { max: 5, gaps: [] };
    expect(applySeqs(line, [3])).toEqual({ added: [], removed: [], missingDelta: 0 });
  });

  it('whatever the order of arrival, the gaps are exactly the seqs not received', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 10 }), (seqs, chunks) => {
        const line: SourceLine = { max: 0, gaps: [] };
        const stored = new Set<string>();
        let missing = 0;
        const size = Math.ceil(seqs.length / chunks);
        for (let i = 0; i < seqs.length; i += size) {
          const c = applySeqs(line, seqs.slice(i, i + size));
          for (const g of c.removed) expect(stored.delete(gapMember(g))).toBe(true);
          for (const g of c.added) stored.add(gapMember(g));
          missing += c.missingDelta;
        }
        const max = Math.max(...seqs);
        const received = new Set(seqs);
        const notReceived = Array.from({ length: max }, (_, i) => i + 1).filter((s) => !received.has(s));
        const fromGaps = [...stored].map(parseGapMember).flatMap((g) => Array.from({ length: g.last - g.first + 1 }, (_, i) => g.first + i));
        expect(fromGaps.sort((a, b) => a - b)).toEqual(notReceived);
        expect(missing).toBe(notReceived.length);
        expect(missingOf(line.gaps)).toBe(missing);
      }),
    );
  });
});
