import type { Metadata } from 'next';
import { Suspense } from 'react';
import { OverviewDashboard } from '@/components/dashboard/overview-dashboard';
import { AppShell } from '@/components/shell/app-shell';
import { getServerContext } from '@/server/context';
import { navLinksOf, requirePageAccess } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Chain overview · Tillstream' };

/** The chain overview: HQ roles only (a store manager gets "not allowed"). */
export default async function OverviewPage() {
  const principal = await requirePageAccess('/overview', (a, p) => a.overview(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the overview…</p>}>
        <OverviewDashboard canSeeStock={getServerContext().pageAccess.inventory(principal)} />
      </Suspense>
    </AppShell>
  );
}
