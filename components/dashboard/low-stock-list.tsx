'use client';

import Link from 'next/link';
import { explainError } from '@/components/data/fetch-json';
import { useLowStock } from '@/components/data/use-alerts';
import { formatCount, formatRatio } from '@/components/format/format';
import { Card, PanelState } from './card';

/** A location's SKUs below their reorder point, fewest days of cover first (the inventory API). */
export function LowStockList({ locationId, canSeeStock }: { locationId: string; canSeeStock: boolean }) {
  const { data, error, isPending } = useLowStock(locationId, canSeeStock);
  return (
    <Card title="Low stock" window="now" testId="low-stock" className="span-2">
      {!canSeeStock ? (
        <p className="muted">Stock is for inventory roles (admin, merchandiser, store managers).</p>
      ) : (
        <PanelState pending={isPending} error={error ? explainError(error, `the stock of ${locationId}`) : null} empty={data && data.items.length === 0 ? `${locationId} has nothing below its reorder point.` : null}>
          {data && (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th>SKU</th>
                    <th className="num">On hand</th>
                    <th className="num">Available</th>
                    <th className="num">Reorder point</th>
                    <th className="num">Incoming</th>
                    <th className="num">Days of cover</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((i) => (
                    <tr key={i.sku}>
                      <td>
                        <Link href={`/inventory?sku=${encodeURIComponent(i.sku)}&location=${encodeURIComponent(locationId)}`}>{i.name ?? i.sku}</Link>{' '}
                        <span className="muted small">{i.sku}</span>
                      </td>
                      <td className="num">{formatCount(i.onHand)}</td>
                      <td className={`num ${i.available <= 0 ? 'down' : ''}`}>{formatCount(i.available)}</td>
                      <td className="num">{formatCount(i.reorderPoint)}</td>
                      <td className="num">{formatCount(i.incoming)}</td>
                      <td className="num">{i.daysOfCover === null ? 'not selling' : `${formatRatio(i.daysOfCover)} d`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.total > data.items.length && <p className="muted small">{formatCount(data.total - data.items.length)} more below their reorder point: see the inventory.</p>}
            </div>
          )}
        </PanelState>
      )}
    </Card>
  );
}
