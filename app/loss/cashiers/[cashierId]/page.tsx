import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CashierView } from '@/components/loss/cashier-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, pathSegment, requirePageAccess } from '../../../_auth/page-session';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ cashierId: string }> }): Promise<Metadata> {
  return { title: `Cashier ${pathSegment((await params).cashierId)} · Loss prevention · Tillstream` };
}

/** One cashier's exceptions and receipts: fraud analysts and admins only. */
export default async function LossCashierPage({ params }: { params: Promise<{ cashierId: string }> }) {
  const cashierId = pathSegment((await params).cashierId);
  const principal = await requirePageAccess(`/loss/cashiers/${encodeURIComponent(cashierId)}`, (a, p) => a.loss(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the cashier…</p>}>
        <CashierView cashierId={cashierId} />
      </Suspense>
    </AppShell>
  );
}
