'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { HEALTH_EVENT, type HealthReport } from '@/lib/live/health-types';

const KEY = ['system', 'health'] as const;

async function fetchHealth(): Promise<HealthReport> {
  // 503 still carries the report: it is the answer, not a failure of the request.
  const res = await fetch('/api/health', { cache: 'no-store' });
  if (res.status !== 200 && res.status !== 503) throw new Error(`/api/health answered ${res.status}`);
  return (await res.json()) as HealthReport;
}

/** The health snapshot over REST, then live over Socket.IO into the same query cache. */
export function useLiveHealth() {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  const query = useQuery({ queryKey: KEY, queryFn: fetchHealth, refetchInterval: 30_000 });
  useEffect(() => {
    const socket = io({ transports: ['websocket'] });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on(HEALTH_EVENT, (report: HealthReport) => qc.setQueryData(KEY, report));
    return () => {
      socket.close();
    };
  }, [qc]);
  return { ...query, live: connected };
}
