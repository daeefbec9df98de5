'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { PromotionRecord } from '@/lib/promotions/authoring-answers';
import { FormError } from '@/components/admin/form-error';
import { describeRefusal, PromotionApiError } from './promotion-api';
import { OverlapsList } from './overlaps-list';
import { useDeletePromotion, usePublishPromotion, useReloadPromotion, useWithdrawPromotion } from './use-promotion-queries';

/**
 * What an author may do with a promotion in its status: a draft is edited, deleted or
 * published (a 409 listing overlaps asks to acknowledge them, then publishes over them); a
 * scheduled or running one is withdrawn with a reason. A 409 on a stale version says so and
 * offers to reload.
 */
export function PromotionActions({ p, onEdit }: { p: PromotionRecord; onEdit: () => void }) {
  const id = useId();
  const router = useRouter();
  const publish = usePublishPromotion(p.promotionId);
  const withdraw = useWithdrawPromotion(p.promotionId);
  const remove = useDeletePromotion(p.promotionId);
  const reload = useReloadPromotion(p.promotionId);
  const [reason, setReason] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);

  const failed = publish.error ?? withdraw.error ?? remove.error;
  const overlaps = publish.error instanceof PromotionApiError && publish.error.status === 409 ? publish.error.overlaps : [];
  const stale = failed instanceof PromotionApiError && failed.stale;
  const what = publish.error ? 'Publishing' : withdraw.error ? 'Withdrawing' : 'Deleting';
  const busy = publish.isPending || withdraw.isPending || remove.isPending;
  const reset = () => [publish, withdraw, remove].forEach((m) => m.reset());

  if (p.status === 'ended' || p.status === 'withdrawn') return <p className="muted small">No action: the promotion is {p.status}.</p>;

  return (
    <div className="promo-actions" data-testid="promotion-actions">
      {p.status === 'draft' && (
        <div className="loss-actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => publish.mutate({ basedOn: p.version, acknowledgeOverlaps: false })}>
            {publish.isPending ? 'Publishing…' : 'Publish'}
          </button>
          <button type="button" className="button" disabled={busy} onClick={onEdit}>
            Edit draft
          </button>
          {confirmDelete ? (
            <>
              <button
                type="button"
                className="button admin-danger"
                disabled={busy}
                onClick={() => remove.mutate(p.version, { onSuccess: () => router.push('/promotions') })}
              >
                Delete the draft for good
              </button>
              <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="button" disabled={busy} onClick={() => setConfirmDelete(true)}>
              Delete draft
            </button>
          )}
        </div>
      )}
      {(p.status === 'scheduled' || p.status === 'running') && (
        <form
          className="loss-actions"
          onSubmit={(e) => {
            e.preventDefault();
            withdraw.mutate({ basedOn: p.version, reason: reason.trim() }, { onSuccess: () => setReason('') });
          }}
        >
          <label className="admin-field promo-wide">
            Reason for withdrawing (the stores read it)
            <input name="reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} aria-invalid={withdraw.error instanceof PromotionApiError && withdraw.error.field === 'reason' ? true : undefined} aria-describedby={`${id}-error`} />
          </label>
          <button type="submit" className="button admin-danger" disabled={busy}>
            {withdraw.isPending ? 'Withdrawing…' : 'Withdraw'}
          </button>
        </form>
      )}
      {overlaps.length > 0 ? (
        <div className="promo-ack" role="alert">
          <OverlapsList overlaps={overlaps} title={`Not published: it overlaps ${overlaps.length} promotion${overlaps.length === 1 ? '' : 's'} in force on the same SKUs, stores and time.`} />
          <div className="loss-actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => publish.mutate({ basedOn: p.version, acknowledgeOverlaps: true })}>
              Publish anyway, overlaps acknowledged
            </button>
            <button type="button" className="button" onClick={reset}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <FormError id={`${id}-error`} message={failed ? describeRefusal(failed, what) : null} />
      )}
      {stale && (
        <button
          type="button"
          className="button"
          onClick={() => {
            reset();
            void reload();
          }}
        >
          Reload the promotion
        </button>
      )}
    </div>
  );
}
