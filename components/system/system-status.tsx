'use client';

import type { DependencyName } from '@/lib/live/health-types';
import { useLiveHealth } from './use-live-health';

const LABELS: Record<DependencyName, { name: string; role: string }> = {
  kafka: { name: 'Kafka', role: 'event stream' },
  redis: { name: 'Redis', role: 'live state' },
  clickhouse: { name: 'ClickHouse', role: 'history' },
};

export function SystemStatus() {
  const { data, error, isPending, live } = useLiveHealth();
  return (
    <section className="card" aria-labelledby="system-status-title" data-testid="system-status">
      <div className="card-head">
        <h2 id="system-status-title">System status</h2>
        <span className={`pill ${live ? 'pill-ok' : 'pill-muted'}`} data-testid="live-indicator">
          {live ? 'live' : 'connecting…'}
        </span>
      </div>
      {isPending && <p className="muted">Checking dependencies…</p>}
      {error && <p className="error">Could not load the status: {error.message}</p>}
      {data && (
        <>
          <p className={`overall ${data.status === 'ok' ? 'ok' : 'down'}`} data-testid="overall-status">
            {data.status === 'ok' ? 'All systems operational' : 'Degraded: a dependency is down'}
          </p>
          <table className="status-table">
            <thead>
              <tr>
                <th scope="col">Dependency</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Latency (ms)</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(LABELS) as DependencyName[]).map((name) => {
                const dep = data.dependencies[name];
                return (
                  <tr key={name} data-testid={`dep-${name}`}>
                    <td>
                      {LABELS[name].name} <span className="muted">({LABELS[name].role})</span>
                    </td>
                    <td>
                      <span className={`dot ${dep.status}`} aria-hidden /> {dep.status === 'ok' ? 'ok' : 'down'}
                      {dep.error && <span className="muted"> — {dep.error}</span>}
                    </td>
                    <td className="num">{dep.latencyMs.toFixed(1)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted small">Checked {new Date(data.checkedAt).toLocaleTimeString()}</p>
        </>
      )}
    </section>
  );
}
