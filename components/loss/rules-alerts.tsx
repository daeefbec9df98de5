'use client';

import Link from 'next/link';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatDateTime } from '@/components/format/format';
import { useRecentAlerts } from './rules-data';

/** The rules' hits today, newest first (GET /api/v1/loss/alerts, read again every 15 s). */
export function RulesAlerts() {
  const alerts = useRecentAlerts();
  const list = alerts.data?.alerts ?? [];
  return (
    <Card title="Recent alerts" window="today, newest first · every 15 s" testId="rules-alerts">
      <PanelState pending={alerts.isPending} error={alerts.error ? explainError(alerts.error, 'the alerts') : null} empty={list.length === 0 ? 'No rule has fired today.' : null}>
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
              {list.map((a) => {
                const receiptId = a.subject.receiptId || a.evidence.events.find((e) => e.receiptId)?.receiptId;
                return (
                  <tr key={a.id} className={a.severity === 'critical' ? 'loss-flagged' : undefined}>
                    <td>{formatDateTime(a.openedAt)}</td>
                    <td>
                      {a.evidence.ruleName} <span className="muted small">v{a.evidence.ruleVersion}</span>
                    </td>
                    <td>{a.subject.storeId}</td>
                    <td>
                      {a.subject.cashierId ? <Link href={`/loss/cashiers/${encodeURIComponent(a.subject.cashierId)}?store=${encodeURIComponent(a.subject.storeId)}`}>{a.subject.cashierId}</Link> : '–'} / {a.subject.tillId || '–'}
                    </td>
                    <td>
                      {receiptId ? <Link href={`/loss/receipts/${encodeURIComponent(receiptId)}?store=${encodeURIComponent(a.subject.storeId)}`}>receipt {receiptId}</Link> : <span className="muted">{a.evidence.events.length} events</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {alerts.data?.truncated && <p className="muted small">Showing the newest 50.</p>}
      </PanelState>
    </Card>
  );
}
