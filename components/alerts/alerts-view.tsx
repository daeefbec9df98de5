'use client';

import Link from 'next/link';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { useStores } from '@/components/data/use-stores';
import { formatClock } from '@/components/format/format';
import { LiveIndicator } from '@/components/live/live-indicator';
import { AlertFiltersBar } from './alert-filters-bar';
import type { AlertFilters } from './alert-filters';
import { KIND_LABELS, SEVERITY_LABELS, STATE_LABELS } from './alert-labels';
import { AlertsTable } from './alerts-table';
import { NotifySwitch } from './notify-switch';
import { useAlertList } from './use-alert-list';
import { useAlertsUrl } from './use-alerts-url';

/** "open and acknowledged · till gaps · critical · store S003". */
function filterLabel(f: AlertFilters): string {
  const parts = [f.states.map((s) => STATE_LABELS[s].toLowerCase()).join(' and ')];
  if (f.kind) parts.push(KIND_LABELS[f.kind].toLowerCase());
  if (f.severity) parts.push(SEVERITY_LABELS[f.severity].toLowerCase());
  if (f.storeId) parts.push(`store ${f.storeId}`);
  return parts.join(' · ');
}

/**
 * The alerts center (every signed-in user; each sees the alerts its role and stores allow):
 * filters in the URL, the alerts newest first with their evidence, acknowledged and resolved
 * from here; changes arrive live (the `alerts` room) and are marked.
 */
export function AlertsView() {
  const { filters, problems, change } = useAlertsUrl();
  const stores = useStores();
  const list = useAlertList(filters);
  const alerts = list.data?.alerts ?? [];
  return (
    <div className="dashboard" data-testid="alerts-page">
      <div className="dash-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted small">
            Every alert your role and stores allow, newest first, live
            {list.data && <span> · read {formatClock(list.data.generatedAt)}</span>}
          </p>
        </div>
        <div className="loss-actions">
          <NotifySwitch />
          <LiveIndicator />
          <Link href="/alerts/rules" className="button loss-small" data-testid="thresholds-link">
            Thresholds
          </Link>
        </div>
      </div>
      <AlertFiltersBar filters={filters} stores={stores.data?.stores ?? []} onChange={change} />
      {problems.length > 0 && (
        <p className="inv-problem" role="alert" data-testid="alerts-filter-problems">
          {problems.join('; ')}
        </p>
      )}
      <Card title="Alerts" window={`${filterLabel(filters)}${list.isPlaceholderData ? ' · loading…' : ''}`} testId="alerts-list">
        <div data-live={list.joined ? 'joined' : 'joining'} data-testid="alerts-live">
          <PanelState
            pending={list.isPending}
            error={list.data ? null : list.error ? explainError(list.error, 'the alerts') : null}
            empty={alerts.length === 0 ? 'No alert matches these filters: new ones appear here as they happen.' : null}
          >
            <AlertsTable alerts={alerts} total={list.data?.total ?? alerts.length} fresh={list.fresh} onChanged={list.applyAnswer} />
          </PanelState>
          {list.data && list.isRefetchError && <p className="error small">The last refresh failed; showing the one before.</p>}
        </div>
      </Card>
    </div>
  );
}
