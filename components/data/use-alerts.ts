'use client';

import { useQuery } from '@tanstack/react-query';
import type { AlertsAnswer } from '@/lib/inventory/alert-answers';
import type { LocationStockAnswer } from '@/lib/inventory/inventory-api-types';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { fetchJson, queryString } from './fetch-json';

/** GET /api/v1/inventory/alerts?state=open (one location or all the user may see), reloaded every 20 s. */
export function useOpenAlerts(locationId?: string, enabled = true) {
  return useQuery({
    queryKey: [LIVE_QUERY_ROOT, 'alerts', locationId ?? ''],
    queryFn: () => fetchJson<AlertsAnswer>(`/api/v1/inventory/alerts${queryString({ state: 'open', locationId, limit: 50 })}`),
    refetchInterval: 20_000,
    enabled,
  });
}

/** GET /api/v1/inventory/locations/{id}?lowOnly=true: the location's SKUs below their reorder point, fewest days of cover first. */
export function useLowStock(locationId: string, enabled = true) {
  return useQuery({
    queryKey: [LIVE_QUERY_ROOT, 'low-stock', locationId],
    queryFn: () => fetchJson<LocationStockAnswer>(`/api/v1/inventory/locations/${encodeURIComponent(locationId)}${queryString({ lowOnly: 'true', limit: 50 })}`),
    refetchInterval: 20_000,
    enabled,
  });
}
