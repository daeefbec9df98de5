'use client';

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRoom } from '@/components/live/use-live-room';
import type { Alert } from '@/lib/alerts/alert-model';
import { ALERTS_ROOM } from '@/lib/live/rooms';
import type { BellSummary } from './alert-count';
import { notifyIfNewCritical } from './alert-notifications';
import { alertsApi } from './alerts-api';

/** Read again this often anyway (a safety net under the live changes). */
export const OPEN_REFRESH_MS = 60_000;
const KEY = [LIVE_QUERY_ROOT, 'alerts-center', 'open'];

/** After live changes, the count is read again once they pause this long (a storm of hundreds reads it a few times, not once each). */
const SETTLE_MS = 1_000;

/** A change made on the page (an acknowledgement, a resolution): the bell reads its count again. */
export function refreshBell(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: KEY });
}

/**
 * The bell's count: GET /api/v1/alerts?state=open&limit=0 answers how many open alerts the user
 * may see and how many of them are critical, counted on the server (thousands at times: no list
 * travels). Read again a second after live `alert:changed` changes settle, once the room is
 * joined, on a resync (under `['live', …]`) and every 60 s. A new critical alert arriving live also
 * shows a desktop notification when the user asked for them.
 */
export function useOpenAlerts() {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: KEY,
    queryFn: async (): Promise<BellSummary> => (await alertsApi.list('?state=open&limit=0')).counts,
    refetchInterval: OPEN_REFRESH_MS,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveRoom<Alert>(
    ALERTS_ROOM,
    (alert) => {
      if (!alert?.id) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => refreshBell(qc), SETTLE_MS);
      notifyIfNewCritical(alert);
    },
    () => refreshBell(qc),
  );
  return { ...query, summary: query.data ?? null };
}
