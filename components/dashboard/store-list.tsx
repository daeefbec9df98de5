'use client';

import Link from 'next/link';
import { explainError } from '@/components/data/fetch-json';
import { useStores } from '@/components/data/use-stores';
import { formatClock } from '@/components/format/format';
import { Card, PanelState } from './card';
import { FreshnessBadge } from './freshness-badge';
import { useNow } from './use-now';

/** Every store the user may see, by id, with region, timezone, tills and freshness. */
export function StoreList() {
  const { data, error, isPending } = useStores();
  const now = useNow();
  return (
    <div className="dashboard">
      <div className="dash-head">
        <h1>Stores</h1>
      </div>
      <Card title="Stores" window="freshness now" testId="store-list">
        <PanelState pending={isPending} error={error ? explainError(error, 'the stores') : null} empty={data && data.stores.length === 0 ? 'No store has sent its master data yet.' : null}>
          {data && (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th>Store</th>
                    <th>Region</th>
                    <th>Timezone</th>
                    <th className="num">Tills</th>
                    <th>Last event</th>
                    <th>Freshness</th>
                  </tr>
                </thead>
                <tbody>
                  {data.stores.map((s) => (
                    <tr key={s.storeId}>
                      <td>
                        <Link href={`/stores/${encodeURIComponent(s.storeId)}`}>{s.name}</Link> <span className="muted small">{s.storeId}</span>
                      </td>
                      <td>{s.region}</td>
                      <td>{s.timezone}</td>
                      <td className="num">{s.tills.length}</td>
                      <td>{s.lastEventAt ? formatClock(s.lastEventAt, s.timezone) : '–'}</td>
                      <td>
                        <FreshnessBadge freshness={s} readAt={Date.parse(data.generatedAt)} now={now} testId={`freshness-${s.storeId}`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </PanelState>
      </Card>
    </div>
  );
}
