'use client';

import { useQuery } from '@tanstack/react-query';
import type { StoreActivity } from '@/lib/stores/activity-answers';
import { roomForStore } from '@/lib/live/rooms';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRoom } from '@/components/live/use-live-room';
import { fetchJson } from './fetch-json';
import { useThrottledRefresh } from './use-throttled-refresh';

/** GET /api/v1/stores/{id}/activity: tills and cashiers on shift, reloaded at most every 10 s while the store's room moves. */
export function useStoreActivity(storeId: string) {
  const key = [LIVE_QUERY_ROOT, 'activity', storeId];
  const query = useQuery({
    queryKey: key,
    queryFn: () => fetchJson<StoreActivity>(`/api/v1/stores/${encodeURIComponent(storeId)}/activity`),
    refetchInterval: 30_000,
  });
  const refresh = useThrottledRefresh(key, 10_000);
  useLiveRoom(roomForStore(storeId), refresh);
  return query;
}
