import Link from 'next/link';
import type { StoreInfo } from '@/lib/kpis/store-answers';
import type { PromotionRecord } from '@/lib/promotions/authoring-answers';
import { formatDateTime } from '@/components/format/format';
import { HeadlineEffect } from './headline-effect';
import { currencyOf, itemsLabel, offerLabel, STATUS_LABELS, STATUS_PILL, storesOf, targetLabel, windowLabel } from './promotion-labels';

/** The promotions, one row each: status, offer in words, items, target, local window, headline uplift, who and when. */
export function PromotionsTable({ promotions, stores, caption }: { promotions: PromotionRecord[]; stores: StoreInfo[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="data-table loss-table" data-testid="promotions-table">
        <caption className="admin-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Promotion</th>
            <th scope="col">Status</th>
            <th scope="col">Offer</th>
            <th scope="col">Items</th>
            <th scope="col">Where</th>
            <th scope="col">When</th>
            <th scope="col">Uplift</th>
            <th scope="col">Who, when</th>
          </tr>
        </thead>
        <tbody>
          {promotions.map((p) => (
            <tr key={p.promotionId} data-testid={`promotion-row-${p.promotionId}`}>
              <td className="wrap">
                <Link href={`/promotions/${encodeURIComponent(p.promotionId)}`}>{p.draft.name}</Link>
                <span className="sub-line muted loss-ids">{p.promotionId}</span>
              </td>
              <td>
                <span className={`pill ${STATUS_PILL[p.status]}`}>{STATUS_LABELS[p.status]}</span>
              </td>
              <td>{offerLabel(p.draft, currencyOf(storesOf(p, stores)))}</td>
              <td className="wrap">{itemsLabel(p.draft)}</td>
              <td>{targetLabel(p.draft)}</td>
              <td>{windowLabel(p.draft)}</td>
              <td className="wrap">
                <HeadlineEffect promotionId={p.promotionId} status={p.status} />
              </td>
              <td className="small">
                <span className="sub-line">
                  created by {p.createdBy}, {formatDateTime(p.createdAt)}
                </span>
                {p.published && (
                  <span className="sub-line muted">
                    published by {p.published.by}, {formatDateTime(p.published.at)}
                  </span>
                )}
                {p.withdrawn && (
                  <span className="sub-line muted">
                    withdrawn by {p.withdrawn.by}, {formatDateTime(p.withdrawn.at)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
