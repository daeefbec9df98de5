import { formatClock, formatCount, formatDuration } from '@/components/format/format';

/** The freshness columns the stores and central sources panels share: silent for, lag, last event, missing seqs, open gaps. */
export function FreshnessHeaders() {
  return (
    <>
      <th scope="col" className="num">
        Silent for
      </th>
      <th scope="col" className="num">
        Lag
      </th>
      <th scope="col">Last event</th>
      <th scope="col" className="num">
        Missing seqs
      </th>
      <th scope="col">Open gaps</th>
    </>
  );
}

/** A row's freshness cells: `gaps` already labelled (the first four shown, then how many more). */
export function FreshnessCells({ f, gaps }: { f: { freshnessSeconds: number | null; lagMs: number | null; lastEventAt: string | null; missing: number }; gaps: string[] }) {
  return (
    <>
      <td className="num">{f.freshnessSeconds === null ? 'never' : formatDuration(f.freshnessSeconds * 1000)}</td>
      <td className="num">{formatDuration(f.lagMs)}</td>
      <td>{f.lastEventAt ? formatClock(f.lastEventAt) : '–'}</td>
      <td className={`num ${f.missing > 0 ? 'down' : ''}`}>{formatCount(f.missing)}</td>
      <td className="wrap small">
        {gaps.length === 0 ? <span className="muted">none</span> : gaps.slice(0, 4).join(', ')}
        {gaps.length > 4 && <span className="muted"> +{gaps.length - 4} more</span>}
      </td>
    </>
  );
}
