'use client';

import { useQuery } from '@tanstack/react-query';
import type { LeagueAnswer, PerHourAnswer, TopAnswer } from '@/lib/kpis/dashboard-answers';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRoom } from '@/components/live/use-live-room';
import { fetchJson, queryString } from './fetch-json';
import { roomOf, scopeKey, scopeParams, type Scope } from './scope';
import { useThrottledRefresh } from './use-throttled-refresh';

/**
 * Answers a delta cannot be applied to one by one (ranks, hourly sums): each reloads when
 * its room moves, at most every few seconds, and only while the tab is visible (deltas are
 * not delivered to a hidden tab; showing it again reloads every live query).
 */

/** GET /api/v1/kpis/stores: the league table of today, reloaded at most every 10 s while the chain (or region) moves. */
export function useLeague(region: string | undefined, channel: Scope['channel']) {
  const key = [LIVE_QUERY_ROOT, 'league', region ?? '', channel];
  const query = useQuery({ queryKey: key, queryFn: () => fetchJson<LeagueAnswer>(`/api/v1/kpis/stores${queryString({ region, channel })}`), refetchInterval: 60_000 });
  const refresh = useThrottledRefresh(key, 10_000);
  useLiveRoom(roomOf({ region, channel }), refresh);
  return query;
}

/** GET /api/v1/kpis/top: today's top SKUs or categories, reloaded at most every 15 s while the scope moves. */
export function useTop(scope: Scope, dimension: 'sku' | 'category', by: 'units' | 'value', limit = 10) {
  const key = [LIVE_QUERY_ROOT, 'top', ...scopeKey(scope), dimension, by, limit];
  const query = useQuery({
    queryKey: key,
    queryFn: () => fetchJson<TopAnswer>(`/api/v1/kpis/top${queryString({ storeId: scope.storeId, region: scope.storeId ? undefined : scope.region, dimension, by, limit })}`),
  });
  const refresh = useThrottledRefresh(key, 15_000);
  useLiveRoom(roomOf(scope), refresh);
  return query;
}

/** GET /api/v1/sales/per-hour: today against the same weekday last week by local hour, reloaded at most every 30 s. */
export function usePerHour(scope: Scope) {
  const key = [LIVE_QUERY_ROOT, 'per-hour', ...scopeKey(scope)];
  const query = useQuery({ queryKey: key, queryFn: () => fetchJson<PerHourAnswer>(`/api/v1/sales/per-hour${queryString(scopeParams(scope))}`) });
  const refresh = useThrottledRefresh(key, 30_000);
  useLiveRoom(roomOf(scope), refresh);
  return query;
}
