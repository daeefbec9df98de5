'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PromotionAnswer, PromotionDraft } from '@/lib/promotions/authoring-answers';
import { promotionApi } from './promotion-api';

const ROOT = 'promotions';
/** How often the list and a promotion are read again while the tab is visible (statuses move with the clock). */
const REFRESH_MS = 15_000;
/** How often the stores' acknowledgement is read while the promotion is scheduled or running. */
export const ACK_REFRESH_MS = 4_000;

/** Every promotion (the tabs filter in the browser, so each shows its count). */
export function usePromotions() {
  return useQuery({ queryKey: [ROOT, 'list'], queryFn: () => promotionApi.list(), refetchInterval: REFRESH_MS });
}

export function usePromotion(id: string) {
  return useQuery({ queryKey: [ROOT, 'one', id], queryFn: () => promotionApi.get(id), refetchInterval: REFRESH_MS });
}

/** The stores' acknowledgement, read every few seconds while `live`. */
export function useAcknowledgements(id: string, live: boolean) {
  return useQuery({ queryKey: [ROOT, 'ack', id], queryFn: () => promotionApi.acknowledgements(id), refetchInterval: live ? ACK_REFRESH_MS : false });
}

/** A change of one promotion: its answer replaces the cached one, and the list is read again. */
function useChange<V>(fn: (v: V) => Promise<PromotionAnswer | void>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (answer) => {
      if (answer) qc.setQueryData([ROOT, 'one', answer.promotion.promotionId], answer);
      void qc.invalidateQueries({ queryKey: [ROOT] });
    },
  });
}

export const useCreatePromotion = () => useChange((draft: PromotionDraft) => promotionApi.create(draft));
export const useEditPromotion = (id: string) => useChange((v: { basedOn: number; draft: PromotionDraft }) => promotionApi.edit(id, v.basedOn, v.draft));
export const useDeletePromotion = (id: string) => useChange((basedOn: number) => promotionApi.remove(id, basedOn));
export const usePublishPromotion = (id: string) => useChange((v: { basedOn: number; acknowledgeOverlaps: boolean }) => promotionApi.publish(id, v.basedOn, v.acknowledgeOverlaps));
export const useWithdrawPromotion = (id: string) => useChange((v: { basedOn: number; reason: string }) => promotionApi.withdraw(id, v.basedOn, v.reason));

/** Read a promotion again (after a 409 on a stale version). */
export function useReloadPromotion(id: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [ROOT, 'one', id] });
}
