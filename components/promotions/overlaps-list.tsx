import type { PromotionOverlap } from '@/lib/promotions/authoring-answers';
import Link from 'next/link';
import { formatDateTime } from '@/components/format/format';

/** The promotions in force a promotion overlaps (same SKUs, stores and time), as the API lists them. */
export function OverlapsList({ overlaps, title }: { overlaps: PromotionOverlap[]; title: string }) {
  if (overlaps.length === 0) return null;
  return (
    <div className="promo-overlaps" role="status" data-testid="promotion-overlaps">
      <p className="promo-overlaps-title">{title}</p>
      <ul className="loss-list">
        {overlaps.map((o) => (
          <li key={o.promotionId}>
            <Link href={`/promotions/${encodeURIComponent(o.promotionId)}`}>{o.name}</Link>: {o.skuCount} SKU{o.skuCount === 1 ? '' : 's'} in common ({o.skus.join(', ')}
            {o.skuCount > o.skus.length ? ', …' : ''}), {o.storeIds === null ? 'every store' : `stores ${o.storeIds.join(', ')}`}, {formatDateTime(o.from)} – {formatDateTime(o.to)}
          </li>
        ))}
      </ul>
    </div>
  );
}
