'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { PromotionAnswer, PromotionStatus } from '@/lib/promotions/authoring-answers';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { useStores } from '@/components/data/use-stores';
import { OverlapsList } from './overlaps-list';
import { PromotionForm } from './promotion-form';
import { STATUS_LABELS } from './promotion-labels';
import { PromotionsTable } from './promotions-table';
import { useCreatePromotion, usePromotions } from './use-promotion-queries';

const TABS: (PromotionStatus | 'all')[] = ['all', 'running', 'scheduled', 'draft', 'ended', 'withdrawn'];
const TAB_LABELS: Record<PromotionStatus | 'all', string> = { ...STATUS_LABELS, all: 'All', draft: 'Drafts' };

/**
 * The promotions list (`?status=` in the URL), and for merchandisers and admins the "New
 * promotion" form: a created draft is announced with the promotions it overlaps.
 */
export function PromotionsView({ canAuthor }: { canAuthor: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const raw = useSearchParams().get('status');
  const tab = (TABS as string[]).includes(raw ?? '') ? (raw as PromotionStatus | 'all') : 'all';
  const list = usePromotions();
  const stores = useStores();
  const create = useCreatePromotion();
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<PromotionAnswer | null>(null);
  const all = list.data?.promotions ?? [];
  const shown = tab === 'all' ? all : all.filter((p) => p.status === tab);
  const storeInfos = stores.data?.stores ?? [];

  const choose = (t: PromotionStatus | 'all') => router.replace(t === 'all' ? pathname : `${pathname}?status=${t}`, { scroll: false });

  return (
    <div className="dashboard" data-testid="promotions-page">
      <div className="dash-head">
        <div>
          <h1>Promotions</h1>
          <p className="muted small">Published to the stores on hq.promotions; the tills apply them at checkout. Times are each store’s local time.</p>
        </div>
        {canAuthor && !formOpen && (
          <button type="button" className="button primary" onClick={() => setFormOpen(true)}>
            New promotion
          </button>
        )}
      </div>
      {canAuthor && formOpen && (
        <section className="card">
          <PromotionForm
            title="New promotion"
            stores={storeInfos}
            submitLabel="Create draft"
            pending={create.isPending}
            error={create.error}
            onCancel={() => setFormOpen(false)}
            onSubmit={(draft) =>
              create.mutate(draft, {
                onSuccess: (answer) => {
                  setCreated(answer as PromotionAnswer);
                  setFormOpen(false);
                },
              })
            }
          />
        </section>
      )}
      {created && (
        <div className="admin-ok" role="status" data-testid="promotion-created">
          Created the draft <Link href={`/promotions/${encodeURIComponent(created.promotion.promotionId)}`}>{created.promotion.draft.name}</Link> ({created.promotion.promotionId}): open it to publish.
          <OverlapsList overlaps={created.overlaps} title="It overlaps promotions in force on the same SKUs, stores and time:" />
        </div>
      )}
      <Card
        title="Promotions"
        window={`${shown.length} ${tab === 'all' ? 'in all' : TAB_LABELS[tab].toLowerCase()}`}
        testId="promotions-list"
        actions={
          <div className="segmented" role="group" aria-label="Filter by status">
            {TABS.map((t) => (
              <button key={t} type="button" className={`seg ${tab === t ? 'on' : ''}`} aria-pressed={tab === t} onClick={() => choose(t)} data-testid={`promotions-tab-${t}`}>
                {TAB_LABELS[t]} ({t === 'all' ? all.length : all.filter((p) => p.status === t).length})
              </button>
            ))}
          </div>
        }
      >
        <PanelState pending={list.isPending} error={list.error ? explainError(list.error, 'the promotions') : null} empty={shown.length === 0 ? `No promotion ${tab === 'all' ? 'yet' : `is ${TAB_LABELS[tab].toLowerCase()}`}.` : null}>
          <PromotionsTable promotions={shown} stores={storeInfos} caption={`Promotions: ${TAB_LABELS[tab]}`} />
        </PanelState>
      </Card>
    </div>
  );
}
