'use client';

import { useId } from 'react';
import { browserDay, presetOf, type LossFilters } from './loss-filters';

/** The period of a loss page: today, yesterday, the last 7 or 30 days, or two days picked; every change goes into the URL. */
export function PeriodFilter({ filters, onChange }: { filters: LossFilters; onChange: (patch: Partial<LossFilters>) => void }) {
  const id = useId();
  const now = new Date();
  const preset = !filters.from
    ? 'today'
    : (['yesterday', '7d', '30d'] as const).find((k) => {
        const p = presetOf(k, now);
        return p.from === filters.from && p.to === filters.to;
      }) ?? 'custom';
  return (
    <>
      <label htmlFor={`${id}-period`}>
        Period
        <select
          id={`${id}-period`}
          value={preset}
          onChange={(e) => onChange(e.target.value === 'custom' ? { from: browserDay(now, -6), to: browserDay(now, 0) } : presetOf(e.target.value, now))}
        >
          <option value="today">Today</option>
          <option value="yesterday">Yesterday</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
          <option value="custom">Days…</option>
        </select>
      </label>
      {preset === 'custom' && (
        <>
          <label htmlFor={`${id}-from`}>
            From
            <input id={`${id}-from`} type="date" value={filters.from ?? ''} max={filters.to} onChange={(e) => e.target.value && onChange({ from: e.target.value })} />
          </label>
          <label htmlFor={`${id}-to`}>
            To
            <input id={`${id}-to`} type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => e.target.value && onChange({ to: e.target.value })} />
          </label>
        </>
      )}
    </>
  );
}
