import { Card } from '@/components/dashboard/card';
import { formatClock, formatCount, formatDuration } from '@/components/format/format';
import type { SourceOps } from '@/lib/ops/ops-types';

/**
 * The central sources (web shop, warehouse, HQ systems): in no store's freshness, so shown here,
 * with their open sequence gaps (events lost on the way are shown, never hidden). HQ sends master
 * data and promotions now and then: a long silence there is not a fault, so no status is drawn.
 */
export function SourcesPanel({ sources }: { sources: SourceOps[] }) {
  return (
    <Card title="Central sources" window="web shop, warehouse, HQ" testId="ops-sources" className="span-3">
      {sources.length === 0 ? (
        <p className="muted">No central source has sent an event yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Central sources (scrolls)">
          <table className="data-table ops-table">
            <caption className="ops-sr-only">Freshness and sequence gaps of the central sources</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col" className="num">Silent for</th>
                <th scope="col" className="num">Lag</th>
                <th scope="col">Last event</th>
                <th scope="col" className="num">Missing seqs</th>
                <th scope="col">Open gaps</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.source} data-testid={`ops-source-${s.source}`}>
                  <th scope="row">{s.source}</th>
                  <td className="num">{s.freshnessSeconds === null ? 'never' : formatDuration(s.freshnessSeconds * 1000)}</td>
                  <td className="num">{formatDuration(s.lagMs)}</td>
                  <td>{s.lastEventAt ? formatClock(s.lastEventAt) : '–'}</td>
                  <td className={`num ${s.missing > 0 ? 'down' : ''}`}>{formatCount(s.missing)}</td>
                  <td className="wrap small">
                    {s.gaps.length === 0 ? <span className="muted">none</span> : s.gaps.slice(0, 4).map((g) => `${g.first}–${g.last}`).join(', ')}
                    {s.gaps.length > 4 && <span className="muted"> +{s.gaps.length - 4} more</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
