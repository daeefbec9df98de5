import type { EventOf } from '../contract/catalog';
import { parseEvent } from '../contract/parse-event';
import type { FeedParse } from '../clients/kafka-feed';

/** What arrives on `hq.promotions`: a promotion published (again) or withdrawn. */
export type PromotionEvent = EventOf<'promo.published'> | EventOf<'promo.withdrawn'>;

/** Checks a message of `hq.promotions` against the contract: a valid promo.published or promo.withdrawn. */
export function parsePromotionEvent(json: unknown): FeedParse<PromotionEvent> {
  const r = parseEvent(json);
  if (!r.ok) return { ok: false, issues: r.issues.slice(0, 3) };
  if (r.event.type !== 'promo.published' && r.event.type !== 'promo.withdrawn') return { ok: false, issues: [{ field: 'type', message: `${r.event.type} is not a promotion event` }] };
  return { ok: true, item: r.event };
}
