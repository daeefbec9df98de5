'use client';

import { explainError } from '@/components/data/fetch-json';
import { usePerHour } from '@/components/data/use-dashboard';
import { useKpis } from '@/components/data/use-kpis';
import { useSalesPerMinute } from '@/components/data/use-sales-per-minute';
import { useStoreActivity } from '@/components/data/use-store-activity';
import { useStoreFreshness } from '@/components/data/use-stores';
import { formatClock } from '@/components/format/format';
import { storeStateOf } from '@/lib/kpis/store-status';
import { LiveIndicator } from '@/components/live/live-indicator';
import { Card, PanelState } from './card';
import { CashiersTable } from './cashiers-table';
import { ChannelSplit } from './channel-split';
import { FreshnessBadge } from './freshness-badge';
import { HourlyChart } from './hourly-chart';
import { KpiTiles } from './kpi-tiles';
import { LowStockList } from './low-stock-list';
import { SalesPerMinuteChart } from './sales-per-minute-chart';
import { TillsTable } from './tills-table';
import { TopList } from './top-list';
import { useNow } from './use-now';

/**
 * One store, live: today's KPIs against last week, today's curve by hour, sales per minute,
 * tills and cashiers on shift, low stock and top SKUs. The page has already checked on the
 * server that the user may see this store; the API checks again on every request.
 */
export function StoreDashboard({ storeId, canSeeStock }: { storeId: string; canSeeStock: boolean }) {
  const scope = { storeId, channel: 'all' as const };
  const now = useNow();
  const { store, isPending: storesPending, data: storesData } = useStoreFreshness(storeId);
  const kpis = useKpis(scope, { kind: 'today' });
  const series = useSalesPerMinute(scope);
  const hours = usePerHour(scope);
  const activity = useStoreActivity(storeId);
  const unknown = !storesPending && storesData && !store;

  return (
    <div className="dashboard" data-testid="store-page">
      <div className="dash-head">
        <div>
          <h1>
            {store?.name ?? storeId} <span className="muted">{storeId}</span>
          </h1>
          <p className="muted small">
            {store ? `${store.region} · ${store.timezone} · ${store.currency} · ${store.tills.length} tills` : unknown ? 'not in the master data yet' : ' '}
            {store && (
              <>
                {' · '}
                <FreshnessBadge freshness={storeStateOf(store, store.sources, now)} readAt={now} now={now} testId="store-freshness" />
              </>
            )}
          </p>
        </div>
        <LiveIndicator />
      </div>
      {unknown && (
        <p className="error" role="alert">
          No store {storeId} is known: its master data (store.upserted) has not arrived. Figures below stay empty until it does.
        </p>
      )}
      <PanelState pending={kpis.isPending} error={kpis.error ? explainError(kpis.error, `the KPIs of ${storeId}`) : null}>
        {kpis.data && <KpiTiles answer={kpis.data} windowLabel="today" />}
      </PanelState>
      <div className="grid">
        <Card title="Today against last week" window="by local hour" testId="hourly" className="span-2">
          <PanelState pending={hours.isPending} error={hours.error ? explainError(hours.error, 'the hourly curve') : null}>
            {hours.data && <HourlyChart answer={hours.data} />}
          </PanelState>
        </Card>
        <Card title="Channel split" window="today" testId="channel-split-card">
          <PanelState pending={kpis.isPending} error={kpis.error ? explainError(kpis.error, 'the channel split') : null}>
            {kpis.data && <ChannelSplit answer={kpis.data} />}
          </PanelState>
        </Card>
        <Card title="Net sales per minute" window="last 60 minutes" testId="sales-per-minute" className="span-2">
          <PanelState pending={series.isPending} error={series.error ? explainError(series.error, 'sales per minute') : null}>
            {series.data && <SalesPerMinuteChart series={series.data} />}
          </PanelState>
        </Card>
        <TopList scope={scope} dimension="sku" />
        <Card title="Tills" window="now" testId="tills-card" className="span-3">
          <PanelState pending={activity.isPending} error={activity.error ? explainError(activity.error, 'the tills') : null}>
            {activity.data && <TillsTable activity={activity.data} now={now} />}
          </PanelState>
        </Card>
        <Card
          title="Cashiers"
          window="today, on shift first"
          testId="cashiers-card"
          className="span-3"
          actions={activity.data?.asOf ? <span className="muted small">history as of {formatClock(activity.data.asOf, activity.data.timezone)}</span> : undefined}
        >
          <PanelState pending={activity.isPending} error={activity.error ? explainError(activity.error, 'the cashiers') : null}>
            {activity.data && <CashiersTable activity={activity.data} />}
          </PanelState>
        </Card>
        <LowStockList locationId={storeId} canSeeStock={canSeeStock} />
      </div>
    </div>
  );
}
