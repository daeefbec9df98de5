'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchJson, queryString } from '@/components/data/fetch-json';
import { LIVE_QUERY_ROOT } from '@/components/live/live-query-keys';
import { useLiveRooms } from '@/components/live/use-live-room';
import { roomForLossStore } from '@/lib/live/rooms';
import type { LossAlert } from '@/lib/loss/rules/loss-alert';
import { browserDay } from './loss-filters';

export interface AlertsAnswer {
  alerts: LossAlert[];
  truncated: boolean;
}

export interface AlertsScope {
  storeId?: string;
  region?: string;
  rule?: string;
  from?: string;
  to?: string;
}

/** Newest first, then by id: the order of GET /api/v1/loss/alerts. */
const newestFirst = (a: LossAlert, b: LossAlert) => b.openedAt - a.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `alert` merged into `answer` (once: by id), newest first, at most `limit`; unchanged when it is not of the scope. */
export function mergeAlert(answer: AlertsAnswer, alert: LossAlert, scope: Pick<AlertsScope, 'rule'>, limit: number): AlertsAnswer {
  if (scope.rule && alert.evidence.ruleId !== scope.rule) return answer;
  if (answer.alerts.some((a) => a.id === alert.id)) return answer;
  const all = [...answer.alerts, alert].sort(newestFirst);
  return { alerts: all.slice(0, limit), truncated: answer.truncated || all.length > limit };
}

/**
 * The rules' hits of a scope (GET /api/v1/loss/alerts), newest first, kept live: while the period
 * includes today, each store's loss room (`loss:store:<id>`, fraud analysts and admins only) pushes
 * every new hit, merged in at once and marked fresh; a reconnection or a tab shown again reloads.
 * `stores` are the stores of the scope the user may see (a region's, or all).
 */
export function useLossAlerts(scope: AlertsScope, stores: readonly { storeId: string; region: string }[], limit = 50) {
  const qc = useQueryClient();
  const qs = queryString({ storeId: scope.storeId, region: scope.region, ruleId: scope.rule, from: scope.from, to: scope.to, limit });
  const key = [LIVE_QUERY_ROOT, 'loss-alerts', qs];
  const query = useQuery({ queryKey: key, queryFn: () => fetchJson<AlertsAnswer>(`/api/v1/loss/alerts${qs}`), placeholderData: keepPreviousData });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  /** The server has accepted a room: from then on every hit comes (and the snapshot was read again). */
  const [joined, setJoined] = useState(false);
  const live = !scope.to || scope.to >= browserDay(new Date());
  const rooms = !live ? [] : scope.storeId ? [roomForLossStore(scope.storeId)] : stores.filter((s) => !scope.region || s.region === scope.region).map((s) => roomForLossStore(s.storeId));
  useLiveRooms<LossAlert>(
    rooms,
    (alert) => {
      if (!alert?.id || !alert.evidence) return;
      qc.setQueryData<AlertsAnswer>(key, (old) => (old ? mergeAlert(old, alert, scope, limit) : old));
      if (!scope.rule || alert.evidence.ruleId === scope.rule) setFresh((f) => new Set(f).add(alert.id));
    },
    () => {
      setJoined(true);
      void qc.invalidateQueries({ queryKey: key });
    },
  );
  return { ...query, fresh, live, joined: live && joined };
}
