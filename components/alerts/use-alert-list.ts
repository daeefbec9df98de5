'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRoom } from '@/components/live/use-live-room';
import type { Alert } from '@/lib/alerts/alert-model';
import { ALERTS_ROOM } from '@/lib/live/rooms';
import { alertsQuery, type AlertFilters } from './alert-filters';
import { dropStale, mergeLiveAlerts } from './alert-list';
import { alertsApi, type AlertsAnswer } from './alerts-api';
import { createLiveReplay } from './live-replay';
import { refreshBell } from './use-open-alerts';

/** How a row changed while the page was open: arrived live, or changed live (or by this user). */
export type Freshness = 'new' | 'updated';

/** Live changes are applied together at most this often: a storm (hundreds of low stock alerts at once) re-renders the table a few times a second, not once per alert. */
const BATCH_MS = 250;

/**
 * The alerts of the page's filters (GET /api/v1/alerts), newest first, kept live: each
 * `alert:changed` of the alerts room replaces its row by id, or is added when it passes the
 * filters, and is marked (a row that no longer passes them stays 5 minutes after its change); the list is read again once the room is joined and on every resync.
 */
export function useAlertList(filters: AlertFilters) {
  const qc = useQueryClient();
  const qs = alertsQuery(filters);
  const [replay] = useState(() => createLiveReplay<Alert>());
  const query = useQuery({
    queryKey: [LIVE_QUERY_ROOT, 'alerts-center', 'list', qs],
    queryFn: async () => {
      const mark = replay.mark();
      const answer = await alertsApi.list(qs);
      // What changed while the answer was on its way (merged by id and version).
      return { ...answer, alerts: mergeLiveAlerts(answer.alerts, replay.since(mark), filters).alerts };
    },
    placeholderData: keepPreviousData,
    // Thousands of alerts: a deep comparison on every live batch costs more than it saves.
    structuralSharing: false,
  });
  const [fresh, setFresh] = useState<ReadonlyMap<string, Freshness>>(new Map());
  const [joined, setJoined] = useState(false);
  const latest = useRef({ qs, filters });
  useEffect(() => {
    latest.current = { qs, filters };
  });
  const pending = useRef<Alert[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Alerts as they now stand (live, or the answer of a change) put into the list, in one update. */
  const apply = useCallback(
    (alerts: Alert[], live: boolean) => {
      const key = [LIVE_QUERY_ROOT, 'alerts-center', 'list', latest.current.qs];
      const old = qc.getQueryData<AlertsAnswer>(key);
      if (!old) {
        // Before the snapshot answers: read it again (it then holds these changes).
        if (live) void qc.invalidateQueries({ queryKey: key });
        return;
      }
      const { alerts: list, changed } = mergeLiveAlerts(old.alerts, alerts, latest.current.filters);
      const marks = new Map([...changed].map(([id, how]) => [id, how === 'added' ? ('new' as const) : ('updated' as const)]));
      if (marks.size === 0) return;
      qc.setQueryData<AlertsAnswer>(key, { ...old, alerts: dropStale(list, latest.current.filters, Date.now()) });
      setFresh((f) => {
        const next = new Map(f);
        for (const [id, mark] of marks) next.set(id, f.get(id) === 'new' ? 'new' : mark);
        return next;
      });
    },
    [qc],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    },
    [],
  );

  useLiveRoom<Alert>(
    ALERTS_ROOM,
    (alert) => {
      if (!alert?.id) return;
      replay.push(alert);
      pending.current.push(alert);
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        apply(pending.current.splice(0), true);
      }, BATCH_MS);
    },
    () => {
      setJoined(true);
      void qc.invalidateQueries({ queryKey: [LIVE_QUERY_ROOT, 'alerts-center', 'list', latest.current.qs] });
    },
  );

  /** The answer of an acknowledgement or resolution: the row, and the bell, at once (stable: rows are memoized). */
  const applyAnswer = useCallback(
    (alert: Alert) => {
      apply([alert], false);
      refreshBell(qc);
    },
    [apply, qc],
  );
  return { ...query, fresh, joined, applyAnswer };
}
