import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AlertsView } from '@/components/alerts/alerts-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageSession } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alerts · Tillstream' };

/** The alerts center: every signed-in user; the API lists each only the alerts its role and stores allow. */
export default async function AlertsPage() {
  const principal = await requirePageSession('/alerts');
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <Suspense fallback={<p className="muted">Loading the alerts…</p>}>
        <AlertsView />
      </Suspense>
    </AppShell>
  );
}
