'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { StoresAnswer } from '@/lib/kpis/store-answers';
import { roomForStore } from '@/lib/live/rooms';
import { applySources } from '@/components/live/apply-delta';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRoom } from '@/components/live/use-live-room';
import { fetchJson } from './fetch-json';
import { serverNow } from './server-clock';

const KEY = [LIVE_QUERY_ROOT, 'stores'];

/** GET /api/v1/stores: the stores this user may see, with their freshness (reloaded every 30 s). */
export function useStores() {
  return useQuery({ queryKey: KEY, queryFn: () => fetchJson<StoresAnswer>('/api/v1/stores'), refetchInterval: 30_000 });
}

/** One store's freshness, moved by its room's deltas (the sources that moved). */
export function useStoreFreshness(storeId: string) {
  const qc = useQueryClient();
  const query = useStores();
  useLiveRoom(roomForStore(storeId), (delta) => {
    if (delta.sources.length) qc.setQueryData<StoresAnswer>(KEY, (old) => (old ? applySources(old, delta, serverNow()) : old));
  });
  return { ...query, store: query.data?.stores.find((s) => s.storeId === storeId) };
}
