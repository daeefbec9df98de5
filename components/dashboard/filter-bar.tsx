'use client';

import { useId } from 'react';
import type { StoreState } from '@/lib/kpis/store-answers';
import { ScopeSelects } from './scope-selects';
import { yesterdayRange, type OverviewFilters } from './overview-filters';

/** Region, store, channel and period of the overview; every change goes into the URL. */
export function FilterBar({ filters, stores, onChange }: { filters: OverviewFilters; stores: StoreState[]; onChange: (patch: Partial<OverviewFilters>) => void }) {
  const id = useId();
  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()} data-testid="filters">
      <ScopeSelects region={filters.region} storeId={filters.storeId} stores={stores} onChange={onChange} />
      <label htmlFor={`${id}-channel`}>
        Channel
        <select id={`${id}-channel`} value={filters.channel} onChange={(e) => onChange({ channel: e.target.value as OverviewFilters['channel'] })}>
          <option value="all">Stores and web shop</option>
          <option value="stores">Stores (tills)</option>
          <option value="web">Web shop</option>
        </select>
      </label>
      <label htmlFor={`${id}-period`}>
        Period
        <select
          id={`${id}-period`}
          value={filters.period}
          onChange={(e) => {
            const period = e.target.value as OverviewFilters['period'];
            onChange(period === 'custom' ? { period, ...yesterdayRange(new Date()) } : { period, from: undefined, to: undefined });
          }}
        >
          <option value="today">Today</option>
          <option value="hour">Last hour</option>
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {filters.period === 'custom' && (
        <>
          <label htmlFor={`${id}-from`}>
            From
            <input id={`${id}-from`} type="datetime-local" value={filters.from ?? ''} onChange={(e) => e.target.value && onChange({ from: e.target.value })} />
          </label>
          <label htmlFor={`${id}-to`}>
            To
            <input id={`${id}-to`} type="datetime-local" value={filters.to ?? ''} onChange={(e) => e.target.value && onChange({ to: e.target.value })} />
          </label>
        </>
      )}
    </form>
  );
}
