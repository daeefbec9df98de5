'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson, jsonRequest as json } from '@/components/data/fetch-json';
import type { BacktestAnswer, StoredRule } from '@/lib/loss/rules/rule-answers';

/** The rules page's data: GET /api/v1/loss/rules, the admin's changes, the backtest (server/loss/rules-routes.ts; answer types in lib/loss/rules/rule-answers.ts). */

export function useRules() {
  return useQuery({ queryKey: ['loss', 'rules'], queryFn: () => fetchJson<{ rules: StoredRule[] }>('/api/v1/loss/rules') });
}

/** POST enable|disable, or PUT a rule's JSON based on the version shown; the list is read again after. */
export function useRuleChanges() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ['loss', 'rules'] });
  const setEnabled = useMutation({
    mutationFn: (v: { ruleId: string; enabled: boolean }) => fetchJson<StoredRule>(`/api/v1/loss/rules/${encodeURIComponent(v.ruleId)}/${v.enabled ? 'enable' : 'disable'}`, json('POST')),
    onSettled: done,
  });
  const save = useMutation({
    mutationFn: (v: { ruleId: string; rule: unknown; basedOn: number }) => fetchJson<StoredRule>(`/api/v1/loss/rules/${encodeURIComponent(v.ruleId)}`, json('PUT', { rule: v.rule, basedOn: v.basedOn })),
    onSuccess: done,
  });
  return { setEnabled, save, reload: done };
}

export function useBacktest() {
  return useMutation({
    mutationFn: (body: { ruleId?: string; rule?: unknown; from: string; to: string }) => fetchJson<BacktestAnswer>('/api/v1/loss/rules/backtest', json('POST', body)),
  });
}
