import { Card } from '@/components/dashboard/card';
import { formatClock, formatCount, formatDuration } from '@/components/format/format';
import type { StoreOps } from '@/lib/ops/ops-types';

const SCROLL_LABEL = 'Store freshness and gaps (scrolls)';

/** Each store's freshness (since its last event arrived) and open sequence gaps, the stalest first. */
export function StoresPanel({ stores }: { stores: StoreOps[] }) {
  const rows = [...stores].sort((a, b) => (b.freshnessSeconds ?? Infinity) - (a.freshnessSeconds ?? Infinity) || b.missing - a.missing || a.storeId.localeCompare(b.storeId));
  return (
    <Card title="Store freshness and gaps" window={`${stores.filter((s) => s.status === 'online').length} of ${stores.length} online`} testId="ops-stores" className="span-3">
      {rows.length === 0 ? (
        <p className="muted">No store in the master data yet.</p>
      ) : (
        <div className="table-wrap ops-scroll" tabIndex={0} role="region" aria-label={SCROLL_LABEL}>
          <table className="data-table ops-table">
            <caption className="ops-sr-only">Store freshness and sequence gaps</caption>
            <thead>
              <tr>
                <th scope="col">Store</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Silent for</th>
                <th scope="col" className="num">Lag</th>
                <th scope="col">Last event</th>
                <th scope="col" className="num">Missing seqs</th>
                <th scope="col">Open gaps</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.storeId} data-testid={`ops-store-${s.storeId}`}>
                  <th scope="row">
                    {s.storeId} <span className="muted small">{s.name}</span>
                  </th>
                  <td>
                    <span className={`pill pill-${s.status}`}>{s.status}</span>
                  </td>
                  <td className="num">{s.freshnessSeconds === null ? 'never' : formatDuration(s.freshnessSeconds * 1000)}</td>
                  <td className="num">{formatDuration(s.lagMs)}</td>
                  <td>{s.lastEventAt ? formatClock(s.lastEventAt) : '–'}</td>
                  <td className={`num ${s.missing > 0 ? 'down' : ''}`}>{formatCount(s.missing)}</td>
                  <td className="wrap small">
                    {s.gaps.length === 0 ? <span className="muted">none</span> : s.gaps.slice(0, 4).map((g) => `${g.source} ${g.first}–${g.last}`).join(', ')}
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
