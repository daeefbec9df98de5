'use client';

import Link from 'next/link';
import { explainError } from '@/components/data/fetch-json';
import { useLeague } from '@/components/data/use-dashboard';
import { formatCount, formatMoney, formatPctChange, formatRatio } from '@/components/format/format';
import { Card, PanelState } from './card';
import { FreshnessBadge } from './freshness-badge';
import { useNow } from './use-now';

/** Every store of the scope by net sales today, with its change against last week and its freshness. */
export function StoreLeague({ region, channel }: { region?: string; channel: 'all' | 'stores' | 'web' }) {
  const { data, error, isPending } = useLeague(region, channel);
  const now = useNow();
  return (
    <Card title="Store league" window="today, local time of each store" testId="store-league" className="span-3">
      <PanelState pending={isPending} error={error ? explainError(error, 'the store league') : null} empty={data && data.stores.length === 0 ? `No stores${region ? ` in ${region}` : ''} have sent master data yet.` : null}>
        {data && (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Store</th>
                  <th>Region</th>
                  <th className="num">Net sales</th>
                  <th className="num">vs last week</th>
                  <th className="num">Receipts</th>
                  <th className="num">Avg basket</th>
                  <th className="num">Items / receipt</th>
                  <th>Freshness</th>
                </tr>
              </thead>
              <tbody>
                {data.stores.map((s) => (
                  <tr key={s.storeId} data-testid={`league-${s.storeId}`}>
                    <td className="num">{s.rank}</td>
                    <td>
                      <Link href={`/stores/${encodeURIComponent(s.storeId)}`}>{s.name}</Link> <span className="muted small">{s.storeId}</span>
                    </td>
                    <td>{s.region}</td>
                    <td className="num" data-testid={`league-net-${s.storeId}`} data-value={s.today.netSales}>
                      {formatMoney(s.today.netSales, s.currency)}
                    </td>
                    <td className={`num ${s.netSalesChange > 0 ? 'up' : s.netSalesChange < 0 ? 'down' : ''}`}>{formatPctChange(s.netSalesChangePct)}</td>
                    <td className="num">{formatCount(s.today.receipts)}</td>
                    <td className="num">{formatMoney(s.today.averageBasket === null ? null : Math.round(s.today.averageBasket), s.currency)}</td>
                    <td className="num">{formatRatio(s.today.itemsPerReceipt)}</td>
                    <td>
                      <FreshnessBadge freshness={s.freshness} readAt={Date.parse(data.generatedAt)} now={now} testId={`freshness-${s.storeId}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PanelState>
    </Card>
  );
}
