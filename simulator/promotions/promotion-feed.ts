import type { EventOf } from '../../lib/contract/catalog';
import type { Logger } from '../../lib/log';
import type { PublishedPromotion } from '../../lib/promotions/promotion-window';
import { TOPICS } from '../../lib/topics';
import { timedListFeed, type Feed } from '../feeds/feed';
import { FeedLog } from '../feeds/feed-log';
import { openKafkaFeed, type KafkaFeed } from '../../lib/clients/kafka-feed';
import { parsePromotionEvent, type PromotionEvent } from '../../lib/promotions/promotion-event';

export { parsePromotionEvent, type PromotionEvent };

/** HQ's promotions as the tills receive them; what a poll returns is taken in at its `until`. */
export type PromotionFeed = Feed<PromotionEvent>;

/** The prefix of the consumer group the tills read `hq.promotions` with (one group per simulation: `-<start>`). */
export const PROMOTION_FEED_GROUP = 'tillstream-simulator-promotions';

/** A feed of known promotion events (tests, replays): each arrives at its event's time (`occurredAt`). */
export function promotionListFeed(events: readonly PromotionEvent[]): PromotionFeed {
  return timedListFeed(events, (e) => Date.parse(e.occurredAt));
}

/**
 * `hq.promotions` on Kafka (`openKafkaFeed`), from its beginning: the topic is compacted,
 * so it holds the latest word on every promotion. Each message is checked with the
 * contract's schema; a bad one is logged and skipped.
 */
export function openKafkaPromotionFeed(opts: { brokers: string[]; log: Logger; groupId: string }): KafkaFeed<PromotionEvent> {
  return openKafkaFeed({
    brokers: opts.brokers,
    log: opts.log,
    topic: TOPICS.hqPromotions.name,
    groupId: opts.groupId,
    clientId: 'tillstream-simulator-tills',
    what: 'promotion',
    parse: parsePromotionEvent,
  });
}

/** The promotion events a Kafka-fed run took in, and when (`{"at":…,"event":…}` lines): replayed on a restart (`FeedLog`). */
export class PromotionLog extends FeedLog<PromotionEvent> {
  constructor(file: string, inner: PromotionFeed, frontier: number) {
    super(file, inner, frontier, {
      key: 'event',
      parse: (raw) => {
        const r = parsePromotionEvent(raw);
        if (!r.ok) throw new Error(`promotion log: an entry that is not a promotion event (${JSON.stringify(r.issues)})`);
        return r.item;
      },
    });
  }
}

let testSeq = 0;
/** A promotion event as HQ's authoring would send it (tests, tools). */
export function promotionEvent(
  at: number,
  ...[type, payload]: ['promo.published', PublishedPromotion] | ['promo.withdrawn', EventOf<'promo.withdrawn'>['payload']]
): PromotionEvent {
  testSeq += 1;
  const envelope = { id: `HQ-AUTHOR-${at}-${testSeq}`, schemaVersion: 1, source: 'HQ-AUTHOR', seq: testSeq, occurredAt: new Date(at).toISOString() };
  return type === 'promo.published' ? { ...envelope, type, payload } : { ...envelope, type, payload };
}
