import type { Metadata } from 'next';
import { StoreDashboard } from '@/components/dashboard/store-dashboard';
import { AppShell } from '@/components/shell/app-shell';
import { getServerContext } from '@/server/context';
import { navLinksOf, pathSegment, requirePageAccess } from '../../_auth/page-session';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ storeId: string }> }): Promise<Metadata> {
  return { title: `Store ${pathSegment((await params).storeId)} · Tillstream` };
}

/** One store live: anyone who may see it (a store manager only its own; another store is "not allowed", 403). */
export default async function StorePage({ params }: { params: Promise<{ storeId: string }> }) {
  const storeId = pathSegment((await params).storeId);
  const principal = await requirePageAccess(`/stores/${encodeURIComponent(storeId)}`, (a, p) => a.store(p, storeId));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <StoreDashboard storeId={storeId} canSeeStock={getServerContext().pageAccess.inventory(principal)} />
    </AppShell>
  );
}
