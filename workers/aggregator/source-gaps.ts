/**
 * A source's sequence line (design: "gaps are recorded and shown, never hidden"): every
 * source numbers its events 1, 2, 3…; a seq above the highest seen so far opens a gap for
 * the seqs skipped, and a late seq inside a gap closes that seq (splitting the gap). The
 * aggregator keeps the gaps in Redis (`aggGaps`) and applies what this returns.
 */
export interface Gap {
  first: number;
  last: number;
}

export interface SourceLine {
  /** Highest seq applied; 0 before the first. */
  max: number;
  /** Open gaps, sorted by `first`, disjoint, all below `max`. */
  gaps: Gap[];
}

export interface GapChanges {
  added: Gap[];
  removed: Gap[];
  /** Change of the number of missing seqs. */
  missingDelta: number;
}

const size = (g: Gap) => g.last - g.first + 1;

/**
 * Applies new seqs (not applied before, any order) to a line, in place, and says which
 * gaps to add and remove. A seq below `max` outside every gap cannot be new: it is ignored.
 */
export function applySeqs(line: SourceLine, seqs: number[]): GapChanges {
  const added: Gap[] = [];
  const removed: Gap[] = [];
  let missingDelta = 0;
  const sorted = [...seqs].sort((a, b) => a - b);
  for (const seq of sorted) {
    if (seq > line.max) {
      if (seq > line.max + 1) {
        const g = { first: line.max + 1, last: seq - 1 };
        line.gaps.push(g);
        added.push(g);
        missingDelta += size(g);
      }
      line.max = seq;
      continue;
    }
    const i = findGap(line.gaps, seq);
    if (i < 0) continue;
    const g = line.gaps[i]!;
    const parts = [
      { first: g.first, last: seq - 1 },
      { first: seq + 1, last: g.last },
    ].filter((p) => p.first <= p.last);
    line.gaps.splice(i, 1, ...parts);
    // A gap added in this same call is just replaced; otherwise the stored one is removed.
    const j = added.indexOf(g);
    if (j >= 0) added.splice(j, 1);
    else removed.push(g);
    added.push(...parts);
    missingDelta -= 1;
  }
  return { added, removed, missingDelta };
}

function findGap(gaps: Gap[], seq: number): number {
  let lo = 0;
  let hi = gaps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const g = gaps[mid]!;
    if (seq < g.first) hi = mid - 1;
    else if (seq > g.last) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export const gapMember = (g: Gap) => `${g.first}-${g.last}`;

export function parseGapMember(m: string): Gap {
  const [a, b] = m.split('-');
  return { first: Number(a), last: Number(b) };
}
