'use client';

import { PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatClock } from '@/components/format/format';
import { DlqPanel } from './dlq-panel';
import { LagPanel } from './lag-panel';
import { ServicesPanel } from './services-panel';
import { SourcesPanel } from './sources-panel';
import { StoresPanel } from './stores-panel';
import { useOps } from './use-ops';
import { WorkersPanel } from './workers-panel';

/** The operations view (admins): workers, consumer lag, dead letters, store freshness, services; read again every 5 s. */
export function OpsView() {
  const ops = useOps();
  const a = ops.data;
  return (
    <div className="dashboard" data-testid="ops-page">
      <div className="dash-head">
        <div>
          <h1>Operations</h1>
          <p className="muted small">
            The pipeline’s own health · refreshed every 5 s
            {a && (
              <span data-testid="ops-updated">
                {' '}
                · as of {formatClock(a.generatedAt)}
              </span>
            )}
            {ops.isRefetchError && <span className="error"> · the last refresh failed, showing the one before</span>}
          </p>
        </div>
        <a className="button loss-small" href="/api/metrics">
          Prometheus metrics
        </a>
      </div>
      <PanelState pending={ops.isPending} error={a ? null : ops.error ? explainError(ops.error, 'the operations view') : null}>
        {a && (
          <div className="grid">
            <WorkersPanel workers={a.workers} />
            <LagPanel rows={a.consumerLag} error={a.consumerLagError} />
            <ServicesPanel health={a.health} />
            <DlqPanel dlq={a.dlq} />
            <StoresPanel stores={a.stores} />
            <SourcesPanel sources={a.sources} />
          </div>
        )}
      </PanelState>
    </div>
  );
}
