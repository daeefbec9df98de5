import { SystemStatus } from '@/components/system/system-status';

export default function HomePage() {
  return (
    <main className="page">
      <header className="masthead">
        <h1>Tillstream</h1>
        <p className="lede">
          What is happening in your stores right now: till, web-shop and warehouse events streamed through Kafka,
          aggregated live, shown as it happens.
        </p>
      </header>
      <SystemStatus />
    </main>
  );
}
