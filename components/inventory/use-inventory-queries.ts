'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  InventoryLocationsAnswer,
  LocationStockAnswer,
  ReplenishmentsAnswer,
  SkuSearchAnswer,
  SkuStockAnswer,
  ThresholdAnswer,
} from '@/lib/inventory/inventory-api-types';
import { ApiError, getJson, sendJson } from './inventory-fetch';

/**
 * The inventory page's data, through TanStack Query. Stock moves while the chain sells, so
 * what is on screen is read again every LIVE_MS while the tab is visible (TanStack pauses
 * refetchInterval in a hidden tab and reads again when it comes back).
 */
export const LIVE_MS = 10_000;
export const SKU_MATCHES = 10;
/** The low-stock list shows this many of a location's SKUs, the lowest cover first (the API's maximum is 1000). */
export const LOW_STOCK_ROWS = 200;

const API = '/api/v1/inventory';
const enc = encodeURIComponent;

export const inventoryKeys = {
  all: ['inventory'] as const,
  search: (q: string) => ['inventory', 'sku-search', q] as const,
  sku: (sku: string) => ['inventory', 'sku', sku] as const,
  locations: () => ['inventory', 'locations'] as const,
  low: (locationId: string) => ['inventory', 'low', locationId] as const,
  orders: (locationId: string | null) => ['inventory', 'replenishments', locationId ?? '*'] as const,
};

/** No retry for an answer that will not change by asking again (bad input, not allowed, not found). */
const retryable = (count: number, err: unknown) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500);

/** SKUs matching what was typed (the start of an id, or part of a name). */
export function useSkuSearch(q: string) {
  return useQuery({
    queryKey: inventoryKeys.search(q),
    queryFn: ({ signal }) => getJson<SkuSearchAnswer>(`${API}/skus?q=${enc(q)}&limit=${SKU_MATCHES}`, signal),
    enabled: q.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    retry: retryable,
  });
}

/** One SKU at every location the user may see, live. */
export function useSkuStock(sku: string | null) {
  return useQuery({
    queryKey: inventoryKeys.sku(sku ?? ''),
    queryFn: ({ signal }) => getJson<SkuStockAnswer>(`${API}/skus/${enc(sku!)}`, signal),
    enabled: sku !== null,
    refetchInterval: LIVE_MS,
    retry: retryable,
  });
}

/** The stores and warehouses the user may see. */
export function useInventoryLocations() {
  return useQuery({
    queryKey: inventoryKeys.locations(),
    queryFn: ({ signal }) => getJson<InventoryLocationsAnswer>(`${API}/locations`, signal),
    staleTime: 60_000,
    retry: retryable,
  });
}

/** A location's SKUs below their reorder point, the shortest cover first, live. */
export function useLowStock(locationId: string | null) {
  return useQuery({
    queryKey: inventoryKeys.low(locationId ?? ''),
    queryFn: ({ signal }) => getJson<LocationStockAnswer>(`${API}/locations/${enc(locationId!)}?lowOnly=true&sort=daysOfCover&limit=${LOW_STOCK_ROWS}`, signal),
    enabled: locationId !== null,
    refetchInterval: LIVE_MS,
    retry: retryable,
  });
}

/** Open replenishment orders of one location, or of every location the user may see; live. */
export function useOpenReplenishments(locationId: string | null) {
  return useQuery({
    queryKey: inventoryKeys.orders(locationId),
    queryFn: ({ signal }) => getJson<ReplenishmentsAnswer>(`${API}/replenishments?state=open&limit=200${locationId ? `&locationId=${enc(locationId)}` : ''}`, signal),
    refetchInterval: LIVE_MS,
    retry: retryable,
  });
}

export type ThresholdChange = { locationId: string; sku: string } & ({ kind: 'set'; body: Record<string, unknown> } | { kind: 'reset' });

/** Sets (PUT) or removes (DELETE) the reorder point of a SKU at a location; then reads the stock again. */
export function useReorderPoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: ThresholdChange) => {
      const url = `${API}/thresholds/${enc(c.locationId)}/${enc(c.sku)}`;
      return c.kind === 'set' ? sendJson<ThresholdAnswer>('PUT', url, c.body) : sendJson<ThresholdAnswer>('DELETE', url);
    },
    onSuccess: (_answer, c) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: inventoryKeys.sku(c.sku) }),
        qc.invalidateQueries({ queryKey: inventoryKeys.low(c.locationId) }),
      ]),
  });
}
