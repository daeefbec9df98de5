import { Card } from '@/components/dashboard/card';
import { formatClock } from '@/components/format/format';
import type { HealthReport } from '@/lib/live/health-types';

const LABELS = { kafka: 'Kafka', redis: 'Redis', clickhouse: 'ClickHouse' } as const;

/** Kafka, Redis and ClickHouse as the web process's health check saw them. */
export function ServicesPanel({ health }: { health: HealthReport }) {
  return (
    <Card title="Services" window={`checked ${formatClock(health.checkedAt)}`} testId="ops-services">
      <table className="data-table ops-table">
        <caption className="ops-sr-only">Service health</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Latency</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((name) => {
            const d = health.dependencies[name];
            return (
              <tr key={name} data-testid={`ops-service-${name}`} data-status={d.status}>
                <th scope="row">{LABELS[name]}</th>
                <td>
                  <span className={`pill ${d.status === 'ok' ? 'pill-online' : 'pill-offline'}`}>{d.status === 'ok' ? 'up' : 'down'}</span>
                  {d.error && <span className="small error"> {d.error}</span>}
                </td>
                <td className="num">{d.latencyMs.toFixed(1)} ms</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
