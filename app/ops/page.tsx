import type { Metadata } from 'next';
import { OpsView } from '@/components/ops/ops-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageAccess } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Operations · Tillstream' };

/** The operations view: admins only (anyone else gets "not allowed", 403). */
export default async function OpsPage() {
  const principal = await requirePageAccess('/ops', (a, p) => a.ops(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <OpsView />
    </AppShell>
  );
}
