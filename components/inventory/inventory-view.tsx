'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { LocationPicker } from './location-picker';
import { LowStockList } from './low-stock-list';
import { QueryProblem } from './query-problem';
import { ReplenishmentOrders } from './replenishment-orders';
import { SkuStockCard } from './sku-stock-card';
import { useInventoryLocations } from './use-inventory-queries';

/**
 * The inventory page's client side. What is shown lives in the query string
 * (`?sku=…&location=…`): a view can be shared, and survives a reload and the back button.
 * Needs a <Suspense> around it (useSearchParams).
 */
export function InventoryView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const sku = params.get('sku') || null;
  const location = params.get('location') || null;
  const locations = useInventoryLocations();
  const names = useMemo(() => new Map((locations.data?.locations ?? []).map((l) => [l.locationId, l.name])), [locations.data]);

  const setParam = useCallback(
    (key: 'sku' | 'location', value: string | null) => {
      const next = new URLSearchParams(params.toString());
      if (value) next.set(key, value);
      else next.delete(key);
      const qs = next.toString();
      router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  const pickSku = useCallback(
    (s: string) => {
      setParam('sku', s);
      document.getElementById('inv-sku-title')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
    [setParam],
  );
  const pickLocation = useCallback((l: string | null) => setParam('location', l), [setParam]);

  return (
    <div className="inv-grid">
      <SkuStockCard sku={sku} location={location} locationNames={names} onPickSku={pickSku} onPickLocation={pickLocation} />
      <div className="inv-location-bar card">
        <LocationPicker locations={locations.data?.locations ?? []} value={location} onChange={pickLocation} />
        {locations.isError && <QueryProblem error={locations.error} onRetry={() => void locations.refetch()} />}
        <p className="muted small inv-bar-note">The low-stock list and the open orders below are of this location.</p>
      </div>
      <LowStockList location={location} locationName={location ? (names.get(location) ?? null) : null} onPickSku={pickSku} />
      <ReplenishmentOrders location={location} onPickSku={pickSku} />
    </div>
  );
}
