import type { Metadata } from 'next';
import { ThresholdsView } from '@/components/alerts/thresholds-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageSession } from '../../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alert thresholds · Tillstream' };

/** The alert rules' thresholds: every signed-in user reads them; the API says which scopes and fields each may set. */
export default async function AlertRulesPage() {
  const principal = await requirePageSession('/alerts/rules');
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <ThresholdsView />
    </AppShell>
  );
}
