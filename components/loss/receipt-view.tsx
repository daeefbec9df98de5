'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatClock, formatCount, formatMoney } from '@/components/format/format';
import { localDay } from '@/lib/time/local-time';
import type { JournalEvent, ReceiptJournalAnswer } from '@/lib/loss/journal-answers';
import { eventLabel, payloadDetails } from './loss-labels';
import { useReceiptJournal } from './use-loss-queries';

/**
 * One receipt's full event journal (GET /api/v1/loss/receipts/{id}), in order: time, till,
 * cashier, event and its details, supervisor approvals highlighted; beside it the summary
 * (lines after voids and overrides, discounts, payments, total, post-void, refunds); links back
 * to the cashiers on it.
 */
export function ReceiptView({ receiptId }: { receiptId: string }) {
  const store = useSearchParams().get('store') || undefined;
  const journal = useReceiptJournal(receiptId, store);
  const a = journal.data;
  return (
    <div className="dashboard" data-testid="loss-receipt-page">
      <div className="dash-head">
        <div>
          <p className="small loss-crumbs">
            <Link href="/loss">← Loss prevention</Link>
            {a?.summary.cashiers.map((c) => (
              <span key={c}>
                {' · '}
                <Link href={cashierHref(c, a)} data-testid={`back-to-${c}`}>
                  Cashier {c}
                </Link>
              </span>
            ))}
          </p>
          <h1>
            Receipt {receiptId} {a && <span className={`pill loss-status-${a.summary.status}`}>{a.summary.status}</span>}
          </h1>
          <p className="muted small">
            {a
              ? `${a.storeId} · till ${a.summary.tills.join(', ') || '–'} · ${a.events.length} events · times in ${a.timezone ?? 'UTC (store not in the master data)'}`
              : 'The full event journal, reconstructed from history'}
          </p>
        </div>
      </div>
      <PanelState pending={journal.isPending} error={journal.error ? explainError(journal.error, `receipt ${receiptId}`) : null}>
        {a && (
          <div className="grid">
            <Card title="Journal" window={`${a.events.length} events in order`} testId="journal" className="span-2">
              {a.truncated && <p className="error">More than 5,000 events carry this receipt id: the latest are not shown.</p>}
              <div className="table-wrap">
                <table className="data-table loss-table" data-testid="journal-table">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Till</th>
                      <th>Cashier</th>
                      <th>Event</th>
                      <th>Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.events.map((e) => (
                      <JournalRow key={`${e.source}#${e.seq}`} e={e} a={a} />
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
            <Summary a={a} />
          </div>
        )}
      </PanelState>
    </div>
  );
}

function cashierHref(cashierId: string, a: ReceiptJournalAnswer): string {
  const at = a.summary.openedAt ?? a.events[0]?.occurredAt;
  const day = at && a.timezone ? localDay(Date.parse(at), a.timezone) : undefined;
  const q = new URLSearchParams({ store: a.storeId, ...(day ? { from: day, to: day } : {}) });
  return `/loss/cashiers/${encodeURIComponent(cashierId)}?${q.toString()}`;
}

function JournalRow({ e, a }: { e: JournalEvent; a: ReceiptJournalAnswer }) {
  const tz = a.timezone ?? 'UTC';
  const cls = [e.approval ? 'loss-approval' : '', e.relation !== 'receipt' ? 'loss-related' : ''].filter(Boolean).join(' ');
  return (
    <tr className={cls || undefined} data-testid={`journal-${e.type}`} data-approval={e.approval ? '1' : undefined}>
      <td title={e.occurredAt}>{formatClock(e.occurredAt, tz)}</td>
      <td>{e.tillId || '–'}</td>
      <td>{e.cashierId || '–'}</td>
      <td>
        {eventLabel(e.type)}
        {e.approval && <span className="loss-chip loss-chip-approval">approval</span>}
        {e.relation === 'refund' && <span className="loss-chip">refund of this receipt · {e.receiptId}</span>}
        {e.relation === 'till' && <span className="muted small"> (till)</span>}
      </td>
      <td className="wrap small">
        {payloadDetails(e.type, e.payload, a.currency)}
        <span className="muted loss-ids">
          {' '}
          · {e.source} #{e.seq}
        </span>
      </td>
    </tr>
  );
}

function Summary({ a }: { a: ReceiptJournalAnswer }) {
  const s = a.summary;
  const m = (c: number | null) => formatMoney(c, a.currency);
  return (
    <Card title="Summary" window={s.endedAt ? `ended ${formatClock(s.endedAt, a.timezone ?? 'UTC')}` : 'no end in history'} testId="receipt-summary" className="loss-wide-tablet">
      <dl className="loss-dl">
        <dt>Status</dt>
        <dd>{s.status}</dd>
        <dt>Cashier</dt>
        <dd>{s.cashiers.join(', ') || '–'}</dd>
        <dt>Total (till)</dt>
        <dd data-testid="summary-total">{m(s.total)}</dd>
        <dt>Lines − discounts</dt>
        <dd>
          {m(s.subtotal)} − {m(s.discountTotal)} = {m(s.computedTotal)}
        </dd>
        <dt>Items · lines</dt>
        <dd>
          {formatCount(s.items)} · {formatCount(s.closedLines)}
        </dd>
        {s.voidReason && (
          <>
            <dt>Voided</dt>
            <dd>{s.voidReason}</dd>
          </>
        )}
        {s.postVoid && (
          <>
            <dt>Post-voided</dt>
            <dd className="loss-bad">
              {m(s.postVoid.total)} by {s.postVoid.cashierId || '–'}
              {s.postVoid.supervisorId ? `, approved by ${s.postVoid.supervisorId}` : ''}
              {s.postVoid.reason ? ` (${s.postVoid.reason})` : ''}
            </dd>
          </>
        )}
        {s.refund && (
          <>
            <dt>Refund</dt>
            <dd>
              {m(s.refund.amount)} in {s.refund.method}, {s.refund.withReceipt ? 'with receipt' : 'without receipt'}
            </dd>
          </>
        )}
      </dl>
      <h3 className="loss-h3">Lines</h3>
      {s.lines.length === 0 ? (
        <p className="muted small">No line on this receipt.</p>
      ) : (
        <table className="data-table" data-testid="summary-lines">
          <thead>
            <tr>
              <th>#</th>
              <th>SKU</th>
              <th className="num">Qty</th>
              <th className="num">Price</th>
              <th className="num">Value</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((l) => (
              <tr key={l.lineId} className={l.voided ? 'loss-voided' : undefined}>
                <td>{l.lineId}</td>
                <td>
                  {l.sku}
                  {l.entry === 'keyed' && <span className="loss-chip">keyed</span>}
                  {l.voided && <span className="loss-chip">voided</span>}
                </td>
                <td className="num">{l.qty}</td>
                <td className="num">
                  {l.overrides.length > 0 && <s className="muted">{m(l.addedUnitPrice)}</s>} {m(l.unitPrice)}
                </td>
                <td className="num">{m(l.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.discounts.length > 0 && (
        <>
          <h3 className="loss-h3">Discounts</h3>
          <ul className="loss-list">
            {s.discounts.map((d, i) => (
              <li key={i}>
                {d.kind}
                {d.lineId !== null ? ` (line ${d.lineId})` : ''}: {m(d.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 className="loss-h3">Payments</h3>
      {s.payments.length === 0 && s.declined.length === 0 ? (
        <p className="muted small">No payment on this receipt.</p>
      ) : (
        <ul className="loss-list">
          {s.payments.map((p, i) => (
            <li key={`p${i}`}>
              {p.method}: {m(p.amount)}
            </li>
          ))}
          {s.declined.map((p, i) => (
            <li key={`d${i}`} className="muted">
              declined {p.method} {m(p.amount)} ({p.reason})
            </li>
          ))}
          {s.changeGiven > 0 && <li className="muted">change given {m(s.changeGiven)}</li>}
        </ul>
      )}
      <h3 className="loss-h3">Supervisor approvals</h3>
      {s.approvals.length === 0 ? (
        <p className="muted small">None on this receipt.</p>
      ) : (
        <ul className="loss-list" data-testid="summary-approvals">
          {s.approvals.map((x) => (
            <li key={x.eventId} className="loss-approval-item">
              {formatClock(x.occurredAt, a.timezone ?? 'UTC')} · {x.supervisorId} · {x.action}
            </li>
          ))}
        </ul>
      )}
      {s.refundedBy.length > 0 && (
        <>
          <h3 className="loss-h3">Refunded later</h3>
          <ul className="loss-list">
            {s.refundedBy.map((r) => (
              <li key={r.eventId}>
                <Link href={`/loss/receipts/${encodeURIComponent(r.receiptId)}?store=${encodeURIComponent(a.storeId)}`}>{r.receiptId}</Link>: {m(r.amount)} in {r.method} by {r.cashierId}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
