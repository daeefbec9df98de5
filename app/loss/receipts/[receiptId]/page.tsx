import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReceiptView } from '@/components/loss/receipt-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageAccess } from '../../../_auth/page-session';

export const dynamic = 'force-dynamic';

/** The segment as Next hands it over (possibly still percent-encoded); a malformed one as it is (and found by no one). */
function segmentOf(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ receiptId: string }> }): Promise<Metadata> {
  return { title: `Receipt ${segmentOf((await params).receiptId)} · Loss prevention · Tillstream` };
}

/** One receipt's full event journal: fraud analysts and admins only. */
export default async function LossReceiptPage({ params }: { params: Promise<{ receiptId: string }> }) {
  const receiptId = segmentOf((await params).receiptId);
  const principal = await requirePageAccess(`/loss/receipts/${encodeURIComponent(receiptId)}`, (a, p) => a.loss(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the receipt…</p>}>
        <ReceiptView receiptId={receiptId} />
      </Suspense>
    </AppShell>
  );
}
