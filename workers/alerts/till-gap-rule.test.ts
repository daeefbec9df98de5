import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../lib/alerts/alert-thresholds';
import { ageGaps, tillGapVerdict } from './till-gap-rule';

const MIN = 60_000;
const t0 = Date.parse('2026-11-21T10:00:00Z');
const source = { source: 'S001-T01', maxSeq: 20, lastEventAt: null, lastArrivalAt: null, lagMs: null, missing: 0, gaps: [] };

describe('gap ages', () => {
  it('a new gap is seen now; a gap partly filled keeps the age of the gap it was part of; a closed one is forgotten', () => {
    const first = ageGaps([], [{ first: 4, last: 9 }], t0);
    expect(first).toEqual([{ first: 4, last: 9, seenAt: t0 }]);
    const split = ageGaps(first, [{ first: 4, last: 5 }, { first: 7, last: 9 }, { first: 15, last: 15 }], t0 + MIN);
    expect(split).toEqual([
      { first: 4, last: 5, seenAt: t0 },
      { first: 7, last: 9, seenAt: t0 },
      { first: 15, last: 15, seenAt: t0 + MIN },
    ]);
    expect(ageGaps(split, [{ first: 15, last: 15 }], t0 + 2 * MIN)).toEqual([{ first: 15, last: 15, seenAt: t0 + MIN }]);
  });
});

describe('till_gap', () => {
  const t = { ...DEFAULT_THRESHOLDS, tillGapMinutes: 10 };
  it('holds once a gap is open longer than N minutes, naming the till, the gaps and the events missing', () => {
    const gaps = [{ first: 4, last: 5, seenAt: t0 }, { first: 15, last: 15, seenAt: t0 + 5 * MIN }];
    expect(tillGapVerdict('S001', source, gaps, t, t0 + 10 * MIN).holds).toBe(false);
    const v = tillGapVerdict('S001', source, gaps, t, t0 + 11 * MIN);
    expect(v).toMatchObject({ holds: true, raised: { id: `till_gap:S001-T01:${t0}`, kind: 'till_gap', subject: { storeId: 'S001', tillId: 'S001-T01' }, evidence: { missing: 2 }, openedAt: t0 + 10 * MIN } });
    expect(tillGapVerdict('S001', source, gaps, t, t0 + 16 * MIN)).toMatchObject({ raised: { evidence: { missing: 3 } } });
  });
  it('does not hold without gaps', () => {
    expect(tillGapVerdict('S001', source, [], t, t0).holds).toBe(false);
  });
});
