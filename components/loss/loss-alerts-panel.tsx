'use client';

import Link from 'next/link';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatDateTime } from '@/components/format/format';
import type { LossAlert } from '@/lib/loss/rules/loss-alert';
import { periodLabel } from './loss-filters';
import { useLossAlerts, type AlertsScope } from './use-loss-alerts';

/**
 * The rules' hits of a scope and period, newest first, each linking to its cashier and receipt;
 * new hits arrive live (pushed to the stores' loss rooms) and are marked "new".
 */
export function LossAlertsPanel({ scope, stores, title = 'Rule hits', testId = 'rules-alerts' }: { scope: AlertsScope; stores: readonly { storeId: string; region: string }[]; title?: string; testId?: string }) {
  const alerts = useLossAlerts(scope, stores);
  const list = alerts.data?.alerts ?? [];
  const window = `${scope.rule ? `rule ${scope.rule}, ` : ''}${periodLabel(scope)}, newest first${alerts.live ? ' · live' : ''}`;
  return (
    <Card title={title} window={window} testId={testId}>
      <div data-live={alerts.joined ? 'joined' : alerts.live ? 'joining' : 'off'} data-testid={`${testId}-state`}>
      <PanelState pending={alerts.isPending} error={alerts.error ? explainError(alerts.error, 'the rule hits') : null} empty={list.length === 0 ? `No rule has fired ${periodLabel(scope) === 'today' ? 'today' : 'in this period'}${alerts.live ? ' yet: new hits appear here as they happen' : ''}.` : null}>
        <div className="table-wrap">
          <table className="data-table loss-table" data-testid="alerts-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Rule</th>
                <th>Store</th>
                <th>Cashier / till</th>
                <th>Evidence</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <AlertRow key={a.id} alert={a} fresh={alerts.fresh.has(a.id)} />
              ))}
            </tbody>
          </table>
        </div>
        {alerts.data?.truncated && <p className="muted small">Showing the newest {list.length}.</p>}
      </PanelState>
      </div>
    </Card>
  );
}

function AlertRow({ alert: a, fresh }: { alert: LossAlert; fresh: boolean }) {
  const receiptId = a.subject.receiptId || a.evidence.events.find((e) => e.receiptId)?.receiptId;
  const store = `?store=${encodeURIComponent(a.subject.storeId)}`;
  const classes = [a.severity === 'critical' ? 'loss-flagged' : '', fresh ? 'loss-fresh' : ''].filter(Boolean).join(' ');
  return (
    <tr className={classes || undefined} data-testid={`alert-${a.id}`} data-fresh={fresh ? 'true' : undefined}>
      <td>
        {formatDateTime(a.openedAt)}
        {fresh && <span className="loss-new">new</span>}
      </td>
      <td>
        {a.evidence.ruleName} <span className="muted small">v{a.evidence.ruleVersion}</span>
      </td>
      <td>{a.subject.storeId}</td>
      <td>
        {a.subject.cashierId ? <Link href={`/loss/cashiers/${encodeURIComponent(a.subject.cashierId)}${store}`}>{a.subject.cashierId}</Link> : '–'} / {a.subject.tillId || '–'}
      </td>
      <td>{receiptId ? <Link href={`/loss/receipts/${encodeURIComponent(receiptId)}${store}`}>receipt {receiptId}</Link> : <span className="muted">{a.evidence.events.length} events</span>}</td>
    </tr>
  );
}
