import type { Metadata } from 'next';
import { AppShell } from '@/components/shell/app-shell';
import { SystemStatus } from '@/components/system/system-status';
import { navLinksOf, requirePageSession } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'System status · Tillstream' };

/** Kafka, Redis and ClickHouse as the web process sees them, live (every signed-in user). */
export default async function StatusPage() {
  const principal = await requirePageSession('/status');
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <header className="masthead">
        <h1>System status</h1>
        <p className="lede">Whether the services behind the dashboard answer: Kafka (the event stream), Redis (live state) and ClickHouse (history).</p>
      </header>
      <SystemStatus />
    </AppShell>
  );
}
