import type { Metadata } from 'next';
import { StoreList } from '@/components/dashboard/store-list';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageSession } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Stores · Tillstream' };

/** The stores this user may see (the API lists only those), with their freshness. */
export default async function StoresPage() {
  const principal = await requirePageSession('/stores');
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <StoreList />
    </AppShell>
  );
}
