'use client';

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { fetchJson, queryString } from '@/components/data/fetch-json';
import type { CashierExceptionsAnswer, ExceptionsAnswer } from '@/lib/loss/exception-answers';
import type { CashierReceiptsAnswer, ReceiptJournalAnswer } from '@/lib/loss/journal-answers';
import type { RiskAnswer } from '@/lib/loss/risk-answers';

/**
 * The loss pages' snapshots (REST through TanStack Query; no live room: exceptions are read
 * again every 30 s while the page is open, a receipt's journal once). Answer types: lib/loss/.
 */
const REFRESH_MS = 30_000;

type Period = { from?: string; to?: string };

/** GET /api/v1/loss/risk: the ranking for a region or store and a period (with `rule`: the cashiers it hit). */
export function useRiskRanking(f: { region?: string; storeId?: string; rule?: string } & Period) {
  const qs = queryString({ region: f.region, storeId: f.storeId, from: f.from, to: f.to, rule: f.rule, limit: 1000 });
  return useQuery({ queryKey: ['loss', 'risk', qs], queryFn: () => fetchJson<RiskAnswer>(`/api/v1/loss/risk${qs}`), refetchInterval: REFRESH_MS, placeholderData: keepPreviousData });
}

/** GET /api/v1/loss/cashiers/{id}/exceptions?bucket=day. */
export function useCashierExceptions(cashierId: string, p: Period) {
  const qs = queryString({ bucket: 'day', from: p.from, to: p.to });
  return useQuery({
    queryKey: ['loss', 'cashier-exceptions', cashierId, qs],
    queryFn: () => fetchJson<CashierExceptionsAnswer>(`/api/v1/loss/cashiers/${encodeURIComponent(cashierId)}/exceptions${qs}`),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/v1/loss/exceptions?groupBy=cashier&storeId=: the peers of a store (disabled until the store is known). */
export function useStoreCashierExceptions(storeId: string | null | undefined, p: Period) {
  const qs = queryString({ groupBy: 'cashier', storeId, from: p.from, to: p.to });
  return useQuery({
    queryKey: ['loss', 'exceptions', qs],
    queryFn: () => fetchJson<ExceptionsAnswer>(`/api/v1/loss/exceptions${qs}`),
    enabled: !!storeId,
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export const receiptsQuery = (f: { storeId?: string | null; exceptionsOnly: boolean } & Period, extra: Record<string, string | number | undefined> = {}) =>
  queryString({ storeId: f.storeId ?? undefined, from: f.from, to: f.to, exceptionsOnly: f.exceptionsOnly ? 'true' : undefined, ...extra });

/** GET /api/v1/loss/cashiers/{id}/receipts, page after page (keyset cursor). */
export function useCashierReceipts(cashierId: string, f: { storeId?: string; exceptionsOnly: boolean } & Period) {
  const base = receiptsQuery(f, { limit: 50 });
  return useInfiniteQuery({
    queryKey: ['loss', 'cashier-receipts', cashierId, base],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      fetchJson<CashierReceiptsAnswer>(`/api/v1/loss/cashiers/${encodeURIComponent(cashierId)}/receipts${receiptsQuery(f, { limit: 50, cursor: pageParam || undefined })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** GET /api/v1/loss/receipts/{id}. */
export function useReceiptJournal(receiptId: string, storeId?: string) {
  const qs = queryString({ storeId });
  return useQuery({
    queryKey: ['loss', 'receipt', receiptId, qs],
    queryFn: () => fetchJson<ReceiptJournalAnswer>(`/api/v1/loss/receipts/${encodeURIComponent(receiptId)}${qs}`),
    retry: (n, err) => n < 2 && !(err instanceof Error && 'status' in err && [400, 403, 404].includes((err as { status: number }).status)),
  });
}
