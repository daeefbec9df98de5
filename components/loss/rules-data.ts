'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '@/components/data/fetch-json';
import type { LossAlert } from '@/lib/loss/rules/loss-alert';
import type { Rule } from '@/lib/loss/rules/rule-schema';

/** The rules page's data: GET /api/v1/loss/rules and /alerts, the admin's changes, the backtest (server/loss/rules-routes.ts). */
export interface StoredRuleAnswer {
  rule: Rule;
  savedBy: string | null;
  savedAt: string | null;
}

export interface BacktestResult {
  rule: Rule;
  period: { from: string; to: string };
  storeId: string | null;
  events: number;
  hits: number;
  byCashier: { storeId: string; cashierId: string; hits: number }[];
  byStore: { storeId: string; hits: number }[];
  examples: LossAlert[];
  tookMs: number;
}

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

export function useRules() {
  return useQuery({ queryKey: ['loss', 'rules'], queryFn: () => fetchJson<{ rules: StoredRuleAnswer[] }>('/api/v1/loss/rules') });
}

/** POST enable|disable, or PUT a rule's JSON based on the version shown; the list is read again after. */
export function useRuleChanges() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ['loss', 'rules'] });
  const setEnabled = useMutation({
    mutationFn: (v: { ruleId: string; enabled: boolean }) => fetchJson<StoredRuleAnswer>(`/api/v1/loss/rules/${encodeURIComponent(v.ruleId)}/${v.enabled ? 'enable' : 'disable'}`, json('POST')),
    onSettled: done,
  });
  const save = useMutation({
    mutationFn: (v: { ruleId: string; rule: unknown; basedOn: number }) => fetchJson<StoredRuleAnswer>(`/api/v1/loss/rules/${encodeURIComponent(v.ruleId)}`, json('PUT', { rule: v.rule, basedOn: v.basedOn })),
    onSuccess: done,
  });
  return { setEnabled, save, reload: done };
}

export function useBacktest() {
  return useMutation({
    mutationFn: (body: { ruleId?: string; rule?: unknown; from: string; to: string }) => fetchJson<BacktestResult>('/api/v1/loss/rules/backtest', json('POST', body)),
  });
}
