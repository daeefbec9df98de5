import { Card } from '@/components/dashboard/card';
import type { SourceOps } from '@/lib/ops/ops-types';
import { FreshnessCells, FreshnessHeaders } from './freshness-cells';

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
                <FreshnessHeaders />
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.source} data-testid={`ops-source-${s.source}`}>
                  <th scope="row">{s.source}</th>
                  <FreshnessCells f={s} gaps={s.gaps.map((g) => `${g.first}–${g.last}`)} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
