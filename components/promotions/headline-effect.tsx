'use client';

import type { PromotionStatus } from '@/lib/promotions/authoring-answers';
import { estimateText, pct, verdict } from './effect-figures';
import { usePromotionEffect } from './use-promotion-effect';

/** A promotion's uplift in the list: the estimate and its 95 % interval, or why there is none yet. */
export function HeadlineEffect({ promotionId, status }: { promotionId: string; status: PromotionStatus }) {
  if (status === 'draft' || status === 'scheduled') return <span className="muted small">{status === 'draft' ? 'not published' : 'not started'}</span>;
  return <MeasuredUplift promotionId={promotionId} live={status === 'running'} />;
}

function MeasuredUplift({ promotionId, live }: { promotionId: string; live: boolean }) {
  const q = usePromotionEffect(promotionId, live);
  if (q.isPending) return <span className="muted small">measuring…</span>;
  if (!q.data) return <span className="muted small">not available</span>;
  const u = q.data.promoted.uplift;
  const t = estimateText(u, pct);
  const v = verdict(u);
  return (
    <span data-testid={`headline-uplift-${promotionId}`} data-status={u.status} title={t.reason ?? `95 %: ${t.range}`}>
      <span className={v === 'up' ? 'up' : v === 'down' ? 'down' : undefined}>{t.value}</span>
      <span className="sub-line muted small">{t.range ?? t.reason}</span>
    </span>
  );
}
