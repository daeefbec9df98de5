'use client';

import { useId } from 'react';
import type { InventoryLocationsAnswer } from '@/lib/inventory/inventory-api-types';

type Location = InventoryLocationsAnswer['locations'][number];

const labelOf = (l: Location) => (l.name ? `${l.locationId} · ${l.name}` : l.locationId);

/** Picks one location the user may see (stores, then warehouses with stock), or none: every location. */
export function LocationPicker({ locations, value, onChange }: { locations: Location[]; value: string | null; onChange: (locationId: string | null) => void }) {
  const id = useId();
  const stores = locations.filter((l) => l.kind === 'store');
  const warehouses = locations.filter((l) => l.kind === 'warehouse');
  // A location in the URL the list does not have (not loaded yet, or no longer there) stays selectable.
  const unknown = value !== null && !locations.some((l) => l.locationId === value);
  return (
    <div className="inv-picker">
      <label htmlFor={id} className="inv-label">
        Location
      </label>
      <select id={id} className="inv-input" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid="location-picker">
        <option value="">All locations (orders only)</option>
        {unknown && <option value={value}>{value}</option>}
        {stores.length > 0 && (
          <optgroup label="Stores">
            {stores.map((l) => (
              <option key={l.locationId} value={l.locationId}>
                {labelOf(l)}
              </option>
            ))}
          </optgroup>
        )}
        {warehouses.length > 0 && (
          <optgroup label="Warehouses">
            {warehouses.map((l) => (
              <option key={l.locationId} value={l.locationId}>
                {labelOf(l)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}
