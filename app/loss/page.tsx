import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RiskRankingView } from '@/components/loss/risk-ranking-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageAccess } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Loss prevention · Tillstream' };

/** The cashiers' risk ranking: fraud analysts and admins only (anyone else gets "not allowed"). */
export default async function LossPage() {
  const principal = await requirePageAccess('/loss', (a, p) => a.loss(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the risk ranking…</p>}>
        <RiskRankingView />
      </Suspense>
    </AppShell>
  );
}
