import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PromotionsView } from '@/components/promotions/promotions-view';
import { AppShell } from '@/components/shell/app-shell';
import { canAuthorPromotions, navLinksOf, requirePageAccess } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Promotions · Tillstream' };

/** HQ's promotions: merchandisers and admins author them, fraud analysts read; a store manager gets "not allowed". */
export default async function PromotionsPage() {
  const principal = await requirePageAccess('/promotions', (a, p) => a.promotions(p));
  const canAuthor = canAuthorPromotions(principal);
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the promotions…</p>}>
        <PromotionsView canAuthor={canAuthor} />
      </Suspense>
    </AppShell>
  );
}
