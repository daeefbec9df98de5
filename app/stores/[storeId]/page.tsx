import type { Metadata } from 'next';
import { StoreDashboard } from '@/components/dashboard/store-dashboard';
import { AppShell } from '@/components/shell/app-shell';
import { getServerContext } from '@/server/context';
import { navLinksOf, requirePageAccess } from '../../_auth/page-session';

export const dynamic = 'force-dynamic';

/** The store id of the path: Next hands the segment over still percent-encoded; a malformed one is taken as it is (and found by no one). */
function storeIdOf(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ storeId: string }> }): Promise<Metadata> {
  return { title: `Store ${storeIdOf((await params).storeId)} · Tillstream` };
}

/** One store live: anyone who may see it (a store manager only its own; another store is "not allowed", 403). */
export default async function StorePage({ params }: { params: Promise<{ storeId: string }> }) {
  const storeId = storeIdOf((await params).storeId);
  const principal = await requirePageAccess(`/stores/${encodeURIComponent(storeId)}`, (a, p) => a.store(p, storeId));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <StoreDashboard storeId={storeId} canSeeStock={getServerContext().pageAccess.inventory(principal)} />
    </AppShell>
  );
}
