import type { Metadata } from 'next';
import { PromotionView } from '@/components/promotions/promotion-view';
import { AppShell } from '@/components/shell/app-shell';
import { canAuthorPromotions, navLinksOf, pathSegment, requirePageAccess } from '../../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Promotion · Tillstream' };

type Props = { params: Promise<{ promotionId: string }> };

/** One promotion: details, history, actions by status (authors only), the stores' acknowledgement and its effect. */
export default async function PromotionPage({ params }: Props) {
  const promotionId = pathSegment((await params).promotionId);
  const principal = await requirePageAccess(`/promotions/${encodeURIComponent(promotionId)}`, (a, p) => a.promotions(p));
  const canAuthor = canAuthorPromotions(principal);
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <PromotionView promotionId={promotionId} canAuthor={canAuthor} />
    </AppShell>
  );
}
