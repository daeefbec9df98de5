import type { RaisedAlert } from '../../lib/alerts/alert-model';
import type { Thresholds } from '../../lib/alerts/alert-thresholds';
import type { SourceState } from '../../lib/kpis/store-answers';
import { MINUTE_MS } from '../../lib/time/local-time';
import type { Verdict } from './condition-rules';

/** An open gap of a source, with when it was first seen open (epoch ms). */
export interface AgedGap {
  first: number;
  last: number;
  seenAt: number;
}

/**
 * The ages of a source's open gaps: a gap keeps the earliest `seenAt` of the gaps seen before
 * that overlap it (a gap partly filled is as old as the gap it was part of); a gap not seen
 * before is seen `now`. Gaps closed since are forgotten.
 */
export function ageGaps(before: AgedGap[], open: { first: number; last: number }[], now: number): AgedGap[] {
  return open.map((g) => {
    const older = before.filter((b) => b.first <= g.last && g.first <= b.last).map((b) => b.seenAt);
    return { first: g.first, last: g.last, seenAt: Math.min(now, ...older) };
  });
}

/**
 * `till_gap`: a till (a source of the store) with a sequence gap still open `tillGapMinutes`
 * after it was first seen: events it sent never arrived. Resolves when every gap that old has
 * closed (the missing events arrived). One alert per till while it holds.
 */
export function tillGapVerdict(storeId: string, source: SourceState, gaps: AgedGap[], t: Thresholds, now: number): Verdict {
  const limit = t.tillGapMinutes * MINUTE_MS;
  const old = gaps.filter((g) => now - g.seenAt > limit);
  if (old.length === 0) return { holds: false };
  const oldest = Math.min(...old.map((g) => g.seenAt));
  const missing = old.reduce((n, g) => n + g.last - g.first + 1, 0);
  const raised: RaisedAlert = {
    id: `till_gap:${source.source}:${oldest}`,
    kind: 'till_gap',
    severity: 'warning',
    subject: { storeId, tillId: source.source },
    evidence: {
      gaps: old.slice(0, 20).map((g) => ({ first: g.first, last: g.last, openSince: new Date(g.seenAt).toISOString() })),
      missing,
      maxSeq: source.maxSeq,
      thresholdMinutes: t.tillGapMinutes,
    },
    openedAt: oldest + limit,
  };
  return { holds: true, raised };
}
