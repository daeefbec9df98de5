import type { EventOf } from '../../lib/contract/catalog';
import { parseEvent } from '../../lib/contract/parse-event';
import type { Logger } from '../../lib/log';
import type { PublishedPromotion } from '../../lib/promotions/promotion-window';
import { TOPICS } from '../../lib/topics';
import { timedListFeed, type Feed } from '../feeds/feed';
import { FeedLog } from '../feeds/feed-log';
import { openKafkaFeed, type FeedParse, type KafkaFeed } from '../feeds/kafka-feed';

/** What arrives on `hq.promotions`: a promotion published (again) or withdrawn. */
export type PromotionEvent = EventOf<'promo.published'> | EventOf<'promo.withdrawn'>;

/** HQ's promotions as the tills receive them; what a poll returns is taken in at its `until`. */
export type PromotionFeed = Feed<PromotionEvent>;

/** The prefix of the consumer group the tills read `hq.promotions` with (one group per simulation: `-<start>`). */
export const PROMOTION_FEED_GROUP = 'tillstream-simulator-promotions';

/** Checks a message of `hq.promotions` against the contract: a valid promo.published or promo.withdrawn. */
export function parsePromotionEvent(json: unknown): FeedParse<PromotionEvent> {
  const r = parseEvent(json);
  if (!r.ok) return { ok: false, issues: r.issues.slice(0, 3) };
  if (r.event.type !== 'promo.published' && r.event.type !== 'promo.withdrawn') return { ok: false, issues: [{ field: 'type', message: `${r.event.type} is not a promotion event` }] };
  return { ok: true, item: r.event };
}

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
