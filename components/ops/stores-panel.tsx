import { Card } from '@/components/dashboard/card';
import type { StoreOps } from '@/lib/ops/ops-types';
import { FreshnessCells, FreshnessHeaders } from './freshness-cells';

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
                <FreshnessHeaders />
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
                  <FreshnessCells f={s} gaps={s.gaps.map((g) => `${g.source} ${g.first}–${g.last}`)} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
