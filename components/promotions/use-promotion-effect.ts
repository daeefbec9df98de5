'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '@/components/data/fetch-json';
import { useThrottledRefresh } from '@/components/data/use-throttled-refresh';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRoom } from '@/components/live/use-live-room';
import { CHAIN_ROOM } from '@/lib/live/rooms';
import type { EffectAnswer } from '@/lib/promotions/effect-answers';

/**
 * GET /api/v1/promotions/{id}/effect, kept live while it runs: the chain's room moves with every
 * sale, and the effect is read again at most every 20 s (it is measured over whole hours, from
 * ClickHouse); a reconnection or a tab shown again reloads it.
 */
export function usePromotionEffect(promotionId: string, live: boolean) {
  const key = [LIVE_QUERY_ROOT, 'promotion-effect', promotionId];
  const query = useQuery({ queryKey: key, queryFn: () => fetchJson<EffectAnswer>(`/api/v1/promotions/${encodeURIComponent(promotionId)}/effect`), refetchInterval: live ? 60_000 : false });
  const refresh = useThrottledRefresh(key, 20_000);
  useLiveRoom(live ? CHAIN_ROOM : null, refresh);
  return query;
}
