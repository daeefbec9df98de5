'use client';

import { useId } from 'react';

/** A store as the selects need it (StoreState and StoreInfo both fit). */
export interface ScopeStore {
  storeId: string;
  name: string;
  region: string;
}

/**
 * The region and store selects of a filter bar (the overview's, the loss pages'): a region
 * narrows the stores listed and clears the store; "All" is none.
 */
export function ScopeSelects({ region, storeId, stores, onChange }: { region?: string; storeId?: string; stores: readonly ScopeStore[]; onChange: (patch: { region?: string; storeId?: string }) => void }) {
  const id = useId();
  const regions = [...new Set(stores.map((s) => s.region))].sort();
  const storesShown = stores.filter((s) => !region || s.region === region);
  return (
    <>
      <label htmlFor={`${id}-region`}>
        Region
        <select id={`${id}-region`} value={region ?? ''} onChange={(e) => onChange({ region: e.target.value || undefined, storeId: undefined })}>
          <option value="">All regions</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-store`}>
        Store
        <select id={`${id}-store`} value={storeId ?? ''} onChange={(e) => onChange({ storeId: e.target.value || undefined })}>
          <option value="">{region ? `All of ${region}` : 'All stores'}</option>
          {storesShown.map((s) => (
            <option key={s.storeId} value={s.storeId}>
              {s.storeId} · {s.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
