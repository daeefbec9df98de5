'use client';

import Link from 'next/link';
import { explainError } from '@/components/data/fetch-json';
import { useOpenAlerts } from '@/components/data/use-alerts';
import { formatCount, formatDateTime } from '@/components/format/format';
import { Card, PanelState } from './card';

/**
 * Open alerts the user may see: low stock per SKU × location (the inventory's alerts;
 * the alert center of issue 10 will add the other kinds). Roles without stock access are
 * told so, not shown an error.
 */
export function OpenAlerts({ locationId, canSeeStock, limit = 8 }: { locationId?: string; canSeeStock: boolean; limit?: number }) {
  const { data, error, isPending } = useOpenAlerts(locationId, canSeeStock);
  const shown = data?.alerts.slice(0, limit) ?? [];
  return (
    <Card title="Open alerts" window="now" testId="open-alerts">
      {!canSeeStock ? (
        <p className="muted">Stock alerts are for inventory roles (admin, merchandiser, store managers).</p>
      ) : (
        <PanelState pending={isPending} error={error ? explainError(error, 'the open alerts') : null} empty={data && data.alerts.length === 0 ? 'No open alerts: every SKU is at or above its reorder point.' : null}>
          <ul className="alert-list">
            {shown.map((a) => (
              <li key={a.id} className={`alert alert-${a.severity}`}>
                <span className={`pill pill-${a.severity}`}>{a.severity}</span>{' '}
                <Link href={`/inventory?sku=${encodeURIComponent(a.subject.sku)}&location=${encodeURIComponent(a.subject.locationId)}`}>
                  {a.subject.sku}
                </Link>{' '}
                at {a.subject.locationId}: {formatCount(a.evidence.available)} available, reorder point {formatCount(a.evidence.reorderPoint)}
                <span className="muted small"> · since {formatDateTime(a.openedAt)}</span>
              </li>
            ))}
          </ul>
          {data && data.alerts.length > shown.length && (
            <p className="muted small">
              and {data.alerts.length - shown.length}
              {data.nextCursor ? '+' : ''} more: <Link href="/inventory">see the inventory</Link>
            </p>
          )}
        </PanelState>
      )}
    </Card>
  );
}
