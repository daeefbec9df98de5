'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SeriesAnswer } from '@/lib/kpis/kpi-answers';
import { applyMinutes } from '@/components/live/apply-delta';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveConnection } from '@/components/live/live-provider';
import { useLiveRoom } from '@/components/live/use-live-room';
import { fetchJson, queryString } from './fetch-json';
import { roomOf, scopeKey, scopeParams, type Scope } from './scope';

/**
 * GET /api/v1/sales/per-minute: without a range the last 60 minutes, moving live (each
 * delta's changed minutes replace theirs, and the window slides with the clock); with a
 * range (up to 3 days) that range as it was, not live.
 */
export function useSalesPerMinute(scope: Scope, range?: { from: string; to: string }) {
  const qc = useQueryClient();
  const conn = useLiveConnection();
  const room = roomOf(scope);
  const key = [LIVE_QUERY_ROOT, 'per-minute', ...scopeKey(scope), range ? `${range.from}/${range.to}` : 'last-60'];
  const query = useQuery({
    queryKey: key,
    // A new window (the last hour moving on, another filter) keeps showing the last figures until its own arrive.
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const snapshot = await fetchJson<SeriesAnswer>(`/api/v1/sales/per-minute${queryString({ ...scopeParams(scope), ...range })}`);
      return range ? snapshot : conn.recent(room).reduce((a, d) => (d.resync ? a : applyMinutes(a, d, scope.channel)), snapshot);
    },
    // A safety net: a delta skipped as stale (see isStale) is made good within a minute.
    refetchInterval: range ? false : 60_000,
  });
  const reload = () => void qc.invalidateQueries({ queryKey: key, exact: true });
  useLiveRoom(range ? null : room, (delta) => {
    if (delta.resync) return void qc.invalidateQueries({ queryKey: key, exact: true });
    qc.setQueryData<SeriesAnswer>(key, (old) => (old ? applyMinutes(old, delta, scope.channel) : old));
  }, reload);
  return query;
}
