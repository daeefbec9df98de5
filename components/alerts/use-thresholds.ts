'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertsApi, type ThresholdField, type ThresholdsAnswer } from './alerts-api';

const KEY = ['alert-thresholds'];

/** GET /api/v1/alerts/thresholds: defaults, the chain's, every setting, each store's effective values, and what the caller may set. */
export function useThresholds() {
  return useQuery({ queryKey: KEY, queryFn: alertsApi.thresholds });
}

/** PATCH one scope; its answer (the same shape as GET) replaces what is shown. */
export function useSetThresholds() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ scope, set }: { scope: string; set: Partial<Record<ThresholdField, number | null>> }) => alertsApi.setThresholds(scope, set),
    onSuccess: (answer: ThresholdsAnswer) => qc.setQueryData(KEY, answer),
  });
}
