'use client';

import type { StoreAcknowledgement } from '@/lib/promotions/acknowledgement-answers';
import type { PromotionStatus } from '@/lib/promotions/authoring-answers';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatClock, formatCount, formatDateTime, formatMoney } from '@/components/format/format';
import { ACK_REFRESH_MS, useAcknowledgements } from './use-promotion-queries';

/**
 * The stores' acknowledgement: each store the promotion was published to, with the first till
 * event applying it (in the store's local time) and the discounts so far, or still pending;
 * stores that applied it without being targeted are called out. Read again every few seconds
 * while the promotion is scheduled or running.
 */
export function AcknowledgementPanel({ promotionId, status }: { promotionId: string; status: PromotionStatus }) {
  const live = status === 'scheduled' || status === 'running';
  const ack = useAcknowledgements(promotionId, live);
  const a = ack.data;
  const window = live ? `refreshed every ${ACK_REFRESH_MS / 1000} s` : a ? `as of ${formatClock(a.generatedAt)}` : undefined;
  return (
    <Card title="Stores’ acknowledgement" window={window} testId="ack-panel" className="span-3">
      <PanelState
        pending={ack.isPending}
        error={ack.error ? explainError(ack.error, 'the stores’ acknowledgement') : null}
        empty={a && !a.published ? 'Not published yet: the stores have not received it.' : a && a.stores.length === 0 ? 'Published to no store.' : null}
      >
        {a && (
          <>
            <p className="loss-note" role="status" aria-live="polite" data-testid="ack-summary" data-applied={a.summary.applied} data-targeted={a.summary.targeted}>
              <strong>
                {a.summary.applied} of {a.summary.targeted} stores
              </strong>{' '}
              applied it · {formatCount(a.summary.discounts)} discounts so far · {a.summary.pending} pending
            </p>
            {a.outside.length > 0 && (
              <p className="error" role="alert" data-testid="ack-outside">
                Applied by stores it was not published to: {a.outside.map((s) => `${s.storeId} (${s.discounts})`).join(', ')}.
              </p>
            )}
            <div className="table-wrap">
              <table className="data-table" data-testid="ack-table">
                <caption className="admin-sr-only">Per store: first applied, discounts so far</caption>
                <thead>
                  <tr>
                    <th scope="col">Store</th>
                    <th scope="col">Region</th>
                    <th scope="col">State</th>
                    <th scope="col">First applied (store time)</th>
                    <th scope="col">First till · receipt</th>
                    <th scope="col" className="num">
                      Discounts
                    </th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {a.stores.map((s) => (
                    <AckRow key={s.storeId} s={s} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </PanelState>
    </Card>
  );
}

function AckRow({ s }: { s: StoreAcknowledgement }) {
  const applied = s.firstAppliedAt !== null;
  return (
    <tr data-testid={`ack-row-${s.storeId}`} data-state={applied ? 'applied' : 'pending'}>
      <td>
        {s.storeId} <span className="muted small">{s.name ?? ''}</span>
      </td>
      <td>{s.region ?? '–'}</td>
      <td>
        <span className={`pill ${applied ? 'pill-online' : 'pill-gap'}`}>{applied ? 'applied' : 'pending'}</span>
      </td>
      <td title={s.firstAppliedAt ?? undefined}>
        {s.firstAppliedAt ? (
          <>
            {formatClock(s.firstAppliedAt, s.timezone ?? undefined)} <span className="muted small">{formatDateTime(s.firstAppliedAt, s.timezone ?? undefined).split(',')[0]}</span>
          </>
        ) : (
          'still pending'
        )}
      </td>
      <td className="small">{s.firstEvent ? `${s.firstEvent.tillId} · ${s.firstEvent.receiptId}` : '–'}</td>
      <td className="num">{formatCount(s.discounts)}</td>
      <td className="num">{formatMoney(s.discountAmount, s.currency)}</td>
    </tr>
  );
}
