import { AppShell } from '@/components/shell/app-shell';
import { SystemStatus } from '@/components/system/system-status';
import { requirePageSession } from './_auth/page-session';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const principal = await requirePageSession('/');
  return (
    <AppShell principal={principal}>
      <header className="masthead">
        <h1>Tillstream</h1>
        <p className="lede">
          What is happening in your stores right now: till, web-shop and warehouse events streamed through Kafka,
          aggregated live, shown as it happens.
        </p>
      </header>
      <SystemStatus />
    </AppShell>
  );
}
