import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReceiptView } from '@/components/loss/receipt-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, pathSegment, requirePageAccess } from '../../../_auth/page-session';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ receiptId: string }> }): Promise<Metadata> {
  return { title: `Receipt ${pathSegment((await params).receiptId)} · Loss prevention · Tillstream` };
}

/** One receipt's full event journal: fraud analysts and admins only. */
export default async function LossReceiptPage({ params }: { params: Promise<{ receiptId: string }> }) {
  const receiptId = pathSegment((await params).receiptId);
  const principal = await requirePageAccess(`/loss/receipts/${encodeURIComponent(receiptId)}`, (a, p) => a.loss(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the receipt…</p>}>
        <ReceiptView receiptId={receiptId} />
      </Suspense>
    </AppShell>
  );
}
