'use client';

import { useId } from 'react';
import type { AlertKind, AlertState } from '@/lib/alerts/alert-model';
import type { AlertFilters } from './alert-filters';
import { ALERT_KIND_LIST, KIND_LABELS, SEVERITY_LABELS, SEVERITY_LIST, type AlertSeverity } from './alert-labels';

/** The state choices: each a set of states, as the URL keeps them. */
const STATE_CHOICES: { value: string; label: string; states: AlertState[] }[] = [
  { value: 'open,acknowledged', label: 'Open and acknowledged', states: ['open', 'acknowledged'] },
  { value: 'open', label: 'Open', states: ['open'] },
  { value: 'acknowledged', label: 'Acknowledged', states: ['acknowledged'] },
  { value: 'resolved', label: 'Resolved', states: ['resolved'] },
  { value: 'open,acknowledged,resolved', label: 'All', states: ['open', 'acknowledged', 'resolved'] },
];

/** State, kind, severity and store: each change goes to the URL (and so to the list). */
export function AlertFiltersBar({ filters, stores, onChange }: { filters: AlertFilters; stores: readonly { storeId: string; name: string }[]; onChange: (patch: Partial<AlertFilters>) => void }) {
  const id = useId();
  const stateValue = filters.states.join(',');
  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()} data-testid="alerts-filters">
      <label htmlFor={`${id}-state`}>
        State
        <select id={`${id}-state`} value={stateValue} onChange={(e) => onChange({ states: STATE_CHOICES.find((c) => c.value === e.target.value)?.states ?? ['open', 'acknowledged'] })}>
          {STATE_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-kind`}>
        Kind
        <select id={`${id}-kind`} value={filters.kind ?? ''} onChange={(e) => onChange({ kind: (e.target.value || undefined) as AlertKind | undefined })}>
          <option value="">Any kind</option>
          {ALERT_KIND_LIST.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-severity`}>
        Severity
        <select id={`${id}-severity`} value={filters.severity ?? ''} onChange={(e) => onChange({ severity: (e.target.value || undefined) as AlertSeverity | undefined })}>
          <option value="">Any severity</option>
          {SEVERITY_LIST.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-store`}>
        Store
        <select id={`${id}-store`} value={filters.storeId ?? ''} onChange={(e) => onChange({ storeId: e.target.value || undefined })}>
          <option value="">Every store (and the pipeline)</option>
          {filters.storeId && !stores.some((s) => s.storeId === filters.storeId) && <option value={filters.storeId}>{filters.storeId}</option>}
          {stores.map((s) => (
            <option key={s.storeId} value={s.storeId}>
              {s.storeId} · {s.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
