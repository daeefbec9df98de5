'use client';

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';

/**
 * For answers a delta cannot be applied to directly (a league table, top SKUs, hourly
 * sums): reload the query when its room moves, at most once per `ms`.
 */
export function useThrottledRefresh(queryKey: QueryKey, ms: number): () => void {
  const qc = useQueryClient();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const keyJson = JSON.stringify(queryKey);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      last.current = Date.now();
      void qc.invalidateQueries({ queryKey: JSON.parse(keyJson) as QueryKey, exact: true });
    }, wait);
  }, [qc, keyJson, ms]);
}
