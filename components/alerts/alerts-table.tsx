'use client';

import { memo } from 'react';
import { formatCount, formatDateTime } from '@/components/format/format';
import type { Alert } from '@/lib/alerts/alert-model';
import { AlertActions } from './alert-actions';
import { evidenceSummary } from './alert-evidence';
import { KIND_LABELS, SEVERITY_LABELS, STATE_LABELS, subjectLabel } from './alert-labels';
import type { Freshness } from './use-alert-list';

/** Who changed it and when: "by admin · 21 Nov, 14:03"; resolved by the condition clearing: "by auto (condition cleared)". */
function stateDetail(a: Alert): string | null {
  if (a.state === 'acknowledged') return `by ${a.acknowledgedBy ?? '?'}${a.acknowledgedAt ? ` · ${formatDateTime(a.acknowledgedAt)}` : ''}`;
  if (a.state === 'resolved') {
    const who = a.resolvedBy === 'auto' ? 'auto (condition cleared)' : (a.resolvedBy ?? '?');
    const ack = a.acknowledgedBy ? ` · acknowledged by ${a.acknowledgedBy}` : '';
    return `by ${who}${a.resolvedAt ? ` · ${formatDateTime(a.resolvedAt)}` : ''}${ack}`;
  }
  return null;
}

/** At most this many rows are shown (newest first): a chain can have hundreds of open low stock alerts. */
export const MAX_ROWS = 300;

/** The alerts, newest first: severity, kind, subject, evidence, opened, state with who and when, repeats, actions. */
export function AlertsTable({ alerts, total, fresh, onChanged }: { alerts: readonly Alert[]; total: number; fresh: ReadonlyMap<string, Freshness>; onChanged: (a: Alert) => void }) {
  const shown = alerts.length > MAX_ROWS ? alerts.slice(0, MAX_ROWS) : alerts;
  return (
    <div className="table-wrap">
      <table className="data-table alerts-table" data-testid="alerts-table">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Kind</th>
            <th>Subject</th>
            <th>Evidence</th>
            <th>Opened</th>
            <th>State</th>
            <th title="Further occurrences merged into this alert while it was open">Repeats</th>
            <th>
              <span className="ops-sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <AlertRow key={a.id} alert={a} fresh={fresh.get(a.id)} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
      {shown.length < Math.max(total, alerts.length) && (
        <p className="muted small" data-testid="alerts-truncated">
          Showing the newest {shown.length} of {Math.max(total, alerts.length).toLocaleString('en')}: narrow the filters to see the others.
        </p>
      )}
    </div>
  );
}

/** One alert; re-rendered only when it, or its mark, changes (a live storm touches a few rows, not all). */
const AlertRow = memo(function AlertRow({ alert: a, fresh, onChanged }: { alert: Alert; fresh: Freshness | undefined; onChanged: (a: Alert) => void }) {
  const classes = [`alerts-row-${a.severity}`, `alerts-row-${a.state}`, fresh ? 'loss-fresh' : ''].filter(Boolean).join(' ');
  const detail = stateDetail(a);
  return (
    <tr className={classes} data-testid={`alert-row-${a.id}`} data-kind={a.kind} data-state={a.state} data-fresh={fresh}>
      <td>
        <span className={`pill alerts-sev-${a.severity}`}>{SEVERITY_LABELS[a.severity] ?? a.severity}</span>
      </td>
      <td>
        {KIND_LABELS[a.kind] ?? a.kind}
        {fresh && <span className="loss-new">{fresh}</span>}
      </td>
      <td className="wrap">{subjectLabel(a.subject)}</td>
      <td className="wrap alerts-evidence">{evidenceSummary(a)}</td>
      <td className="admin-date">{formatDateTime(a.openedAt)}</td>
      <td className="wrap" data-testid="alert-state">
        <strong>{STATE_LABELS[a.state] ?? a.state}</strong>
        {detail && <span className="muted small sub-line">{detail}</span>}
      </td>
      <td className="num">{a.repeats > 0 ? formatCount(a.repeats) : <span className="muted">–</span>}</td>
      <td className="alerts-actions-cell">
        <AlertActions alert={a} onChanged={onChanged} />
      </td>
    </tr>
  );
});
