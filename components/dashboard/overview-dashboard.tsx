'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef } from 'react';
import { explainError } from '@/components/data/fetch-json';
import type { Scope } from '@/components/data/scope';
import { useKpis, type Period } from '@/components/data/use-kpis';
import { useSalesPerMinute } from '@/components/data/use-sales-per-minute';
import { useStores } from '@/components/data/use-stores';
import { formatDateTime } from '@/components/format/format';
import { LiveIndicator } from '@/components/live/live-indicator';
import { Card, PanelState } from './card';
import { ChannelSplit } from './channel-split';
import { FilterBar } from './filter-bar';
import { KpiTiles } from './kpi-tiles';
import { OpenAlerts } from './open-alerts';
import { rangeOf, readFilters, writeFilters, type OverviewFilters } from './overview-filters';
import { SalesPerMinuteChart } from './sales-per-minute-chart';
import { StoreLeague } from './store-league';
import { TopList } from './top-list';
import { useNow } from './use-now';

const MAX_SERIES_MS = 3 * 86_400_000;

/**
 * The chain overview (HQ roles): today's KPIs against the same weekday last week, sales per
 * minute of the last 60 minutes, the channel split, the store league with freshness, top
 * SKUs and categories, and open alerts, for the region, store, channel and period in the URL.
 */
export function OverviewDashboard({ canSeeStock }: { canSeeStock: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filters, problems } = useMemo(() => readFilters(new URLSearchParams(params.toString())), [params]);
  // Changes made faster than the URL updates build on each other, not on the last render.
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);
  const changeFilters = (patch: Partial<OverviewFilters>) => {
    latest.current = { ...latest.current, ...patch };
    router.replace(`${pathname}${writeFilters(latest.current)}`, { scroll: false });
  };
  const stores = useStores();
  // The last hour's window moves with the minute; a custom one is fixed.
  const minute = Math.floor(useNow(15_000) / 60_000);
  const range = useMemo(() => rangeOf(filters, minute * 60_000 + 59_999), [filters, minute]);
  const scope: Scope = { storeId: filters.storeId, region: filters.region, channel: filters.channel };
  const period: Period = range ? { kind: 'range', ...range } : { kind: 'today' };
  const kpis = useKpis(scope, period);
  const seriesRange = filters.period === 'custom' && range && Date.parse(range.to) - Date.parse(range.from) <= MAX_SERIES_MS ? range : undefined;
  const series = useSalesPerMinute(scope, seriesRange);
  const windowLabel = filters.period === 'today' ? 'today' : filters.period === 'hour' ? 'last 60 minutes' : `${formatDateTime(range!.from)} – ${formatDateTime(range!.to)}`;
  const scopeLabel = filters.storeId ? `store ${filters.storeId}` : filters.region ? `region ${filters.region}` : 'whole chain';
  const seriesWindow = seriesRange ? windowLabel : 'last 60 minutes';
  const tooLong = filters.period === 'custom' && !seriesRange;

  return (
    <div className="dashboard" data-testid="overview">
      <div className="dash-head">
        <div>
          <h1>Chain overview</h1>
          <p className="muted small" data-testid="scope-label">
            {scopeLabel} · {filters.channel === 'all' ? 'stores and web shop' : filters.channel === 'stores' ? 'stores (tills)' : 'web shop'} · {windowLabel}
          </p>
        </div>
        <LiveIndicator />
      </div>
      <FilterBar filters={filters} stores={stores.data?.stores ?? []} onChange={changeFilters} />
      {problems.length > 0 && (
        <p className="error small" role="alert">
          Some filters in the address were not understood and were left out: {problems.join('; ')}.
        </p>
      )}
      <PanelState pending={kpis.isPending} error={kpis.error ? explainError(kpis.error, `the KPIs of the ${scopeLabel}`) : null}>
        {kpis.data && (
          <div className={kpis.isPlaceholderData ? 'placeholder' : undefined} aria-busy={kpis.isPlaceholderData}>
            <KpiTiles answer={kpis.data} windowLabel={windowLabel} />
          </div>
        )}
      </PanelState>
      <div className="grid">
        <Card title="Net sales per minute" window={seriesWindow} testId="sales-per-minute" className="span-2">
          {tooLong ? (
            <p className="muted">The per-minute chart covers at most 3 days: narrow the custom range to see it.</p>
          ) : (
            <PanelState pending={series.isPending} error={series.error ? explainError(series.error, 'sales per minute') : null}>
              {series.data && (
                <div className={series.isPlaceholderData ? 'placeholder' : undefined} aria-busy={series.isPlaceholderData}>
                  <SalesPerMinuteChart series={series.data} />
                </div>
              )}
            </PanelState>
          )}
        </Card>
        <Card title="Channel split" window={windowLabel} testId="channel-split-card">
          <PanelState pending={kpis.isPending} error={kpis.error ? explainError(kpis.error, 'the channel split') : null}>
            {kpis.data && <ChannelSplit answer={kpis.data} />}
          </PanelState>
        </Card>
        <StoreLeague region={filters.region} channel={filters.channel} />
        <TopList scope={scope} dimension="sku" />
        <TopList scope={scope} dimension="category" />
        <OpenAlerts locationId={filters.storeId} canSeeStock={canSeeStock} />
      </div>
    </div>
  );
}
