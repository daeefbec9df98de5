'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '@/components/data/fetch-json';
import type { OpsAnswer } from '@/lib/ops/ops-types';

/** How often the operations view reads GET /api/v1/ops again (while the tab is visible). */
export const OPS_REFRESH_MS = 5000;

/** GET /api/v1/ops: workers, consumer lag, dead letters, store freshness, services; read again every 5 s. */
export function useOps() {
  return useQuery({
    queryKey: ['ops'],
    queryFn: () => fetchJson<OpsAnswer>('/api/v1/ops'),
    refetchInterval: OPS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
