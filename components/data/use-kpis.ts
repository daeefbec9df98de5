'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KpiAnswer } from '@/lib/kpis/kpi-answers';
import { applyToday } from '@/components/live/apply-delta';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveConnection } from '@/components/live/live-provider';
import { useLiveRoom } from '@/components/live/use-live-room';
import { useThrottledRefresh } from './use-throttled-refresh';
import { fetchJson, queryString } from './fetch-json';
import { roomOf, scopeKey, scopeParams, type Scope } from './scope';

/** A period of the KPI answers: today (live), or a fixed range [from, to) (ISO instants). */
export type Period = { kind: 'today' } | { kind: 'range'; from: string; to: string; live: boolean };

/**
 * GET /api/v1/kpis for a scope and period. Today's answer takes each delta of the scope's
 * room as it comes (its `today` counts); a range that reaches now reloads when the room
 * moves (at most every 5 s); a past range never changes. The comparison with last week
 * is reloaded every minute (its window moves with the clock).
 */
export function useKpis(scope: Scope, period: Period) {
  const qc = useQueryClient();
  const conn = useLiveConnection();
  const room = roomOf(scope);
  const key = [LIVE_QUERY_ROOT, 'kpis', ...scopeKey(scope), period.kind === 'today' ? 'today' : `${period.from}/${period.to}`];
  const query = useQuery({
    queryKey: key,
    // A new window (the last hour moving on, another filter) keeps showing the last figures until its own arrive.
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const snapshot = await fetchJson<KpiAnswer>(`/api/v1/kpis${queryString({ ...scopeParams(scope), ...(period.kind === 'range' ? { from: period.from, to: period.to } : {}) })}`);
      return period.kind === 'today' ? conn.recent(room).reduce((a, d) => (d.resync ? a : applyToday(a, d, scope.channel)), snapshot) : snapshot;
    },
    refetchInterval: period.kind === 'today' ? 60_000 : false,
  });
  const refresh = useThrottledRefresh(key, 5_000);
  const reload = () => void qc.invalidateQueries({ queryKey: key, exact: true });
  useLiveRoom(period.kind === 'today' || period.live ? room : null, (delta) => {
    if (period.kind === 'range') return refresh();
    if (delta.resync) return void qc.invalidateQueries({ queryKey: key, exact: true });
    qc.setQueryData<KpiAnswer>(key, (old) => (old ? applyToday(old, delta, scope.channel) : old));
  }, reload);
  return query;
}
