'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { PromotionRecord } from '@/lib/promotions/authoring-answers';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { useStores } from '@/components/data/use-stores';
import { formatDateTime } from '@/components/format/format';
import { AcknowledgementPanel } from './acknowledgement-panel';
import { EffectPanels } from './effect-panels';
import { OverlapsList } from './overlaps-list';
import { PromotionActions } from './promotion-actions';
import { PromotionForm } from './promotion-form';
import { fromDraft } from './promotion-form-state';
import { currencyOf, itemsLabel, offerLabel, STATUS_LABELS, STATUS_PILL, storesOf, targetLabel, windowLabel } from './promotion-labels';
import { useEditPromotion, usePromotion } from './use-promotion-queries';

/**
 * One promotion: details, history, the author's actions by status, the stores'
 * acknowledgement, and once published its effect (uplift against baseline and controls,
 * live while it runs: effect-panels.tsx).
 */
export function PromotionView({ promotionId, canAuthor }: { promotionId: string; canAuthor: boolean }) {
  const q = usePromotion(promotionId);
  const stores = useStores();
  const edit = useEditPromotion(promotionId);
  const [editing, setEditing] = useState(false);
  const p = q.data?.promotion;
  const all = stores.data?.stores ?? [];
  const currency = p ? currencyOf(storesOf(p, all)) : null;

  return (
    <div className="dashboard" data-testid="promotion-page">
      <div className="dash-head">
        <div>
          <p className="small loss-crumbs">
            <Link href="/promotions">← Promotions</Link>
          </p>
          <h1>
            {p?.draft.name ?? `Promotion ${promotionId}`}{' '}
            {p && (
              <span className={`pill ${STATUS_PILL[p.status]}`} data-testid="promotion-status" role="status">
                {STATUS_LABELS[p.status]}
              </span>
            )}
          </h1>
          <p className="muted small">{p ? `${promotionId} · version ${p.version} · ${offerLabel(p.draft, currency)} · ${targetLabel(p.draft)}` : 'Loading…'}</p>
        </div>
      </div>
      <PanelState pending={q.isPending} error={q.error ? explainError(q.error, `promotion ${promotionId}`) : null}>
        {p && (
          <div className="grid">
            <Card title="Details" testId="promotion-details">
              <Details p={p} currency={currency} storeCount={storesOf(p, all).length} />
              <OverlapsList overlaps={q.data?.overlaps ?? []} title="Overlaps promotions in force on the same SKUs, stores and time:" />
            </Card>
            <Card title="History" testId="promotion-history">
              <History p={p} />
            </Card>
            {canAuthor && (
              <Card title={editing ? 'Edit draft' : 'Actions'} testId="promotion-actions-card">
                {editing && p.status === 'draft' ? (
                  <PromotionForm
                    key={p.version}
                    title={`Edit version ${p.version}`}
                    initial={fromDraft(p.draft, currency)}
                    stores={all}
                    submitLabel="Save draft"
                    pending={edit.isPending}
                    error={edit.error}
                    onCancel={() => setEditing(false)}
                    onSubmit={(draft) => edit.mutate({ basedOn: p.version, draft }, { onSuccess: () => setEditing(false) })}
                  />
                ) : (
                  <PromotionActions p={p} onEdit={() => setEditing(true)} />
                )}
              </Card>
            )}
            <AcknowledgementPanel promotionId={promotionId} status={p.status} />
            {p.status !== 'draft' && (
              <section className="span-3" aria-label="Effect">
                <EffectPanels promotionId={promotionId} live={p.status === 'running'} />
              </section>
            )}
          </div>
        )}
      </PanelState>
    </div>
  );
}

function Details({ p, currency, storeCount }: { p: PromotionRecord; currency: string | null; storeCount: number }) {
  return (
    <dl className="loss-dl">
      <dt>Offer</dt>
      <dd data-testid="promotion-offer">{offerLabel(p.draft, currency)}</dd>
      <dt>Items</dt>
      <dd>{itemsLabel(p.draft)}</dd>
      <dt>Where</dt>
      <dd>
        {targetLabel(p.draft)} ({storeCount} store{storeCount === 1 ? '' : 's'})
      </dd>
      <dt>When</dt>
      <dd>{windowLabel(p.draft)}</dd>
      {p.published && (
        <>
          <dt>In force</dt>
          <dd>
            {formatDateTime(p.published.startsAt)} – {formatDateTime(p.published.endsAt)} your time
          </dd>
        </>
      )}
    </dl>
  );
}

function History({ p }: { p: PromotionRecord }) {
  return (
    <ul className="loss-list" data-testid="promotion-history-list">
      <li>
        Created by {p.createdBy}, {formatDateTime(p.createdAt)}
      </li>
      {p.updatedAt !== p.createdAt && !p.published && (
        <li>
          Last edited by {p.updatedBy}, {formatDateTime(p.updatedAt)}
        </li>
      )}
      {p.published && (
        <li>
          Published by {p.published.by}, {formatDateTime(p.published.at)}, to {p.published.storeIds.length} stores
        </li>
      )}
      {p.withdrawn && (
        <li>
          Withdrawn by {p.withdrawn.by}, {formatDateTime(p.withdrawn.at)}: “{p.withdrawn.reason}”
        </li>
      )}
    </ul>
  );
}
