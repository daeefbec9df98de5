import crypto from 'node:crypto';
import { openKafkaFeed, type KafkaFeed } from '../../lib/clients/kafka-feed';
import type { Logger } from '../../lib/log';
import { parsePromotionEvent, type PromotionEvent } from '../../lib/promotions/promotion-event';
import type { PublishedPromotion } from '../../lib/promotions/promotion-window';
import { TOPICS } from '../../lib/topics';

/** The consumer group prefix of the web tier's view of hq.promotions (one group per process, deleted when it closes: every process reads it all). */
export const TOPIC_PROMOTIONS_GROUP = 'tillstream-web-promotions';

export interface TopicPromotions {
  /** The promotions published on hq.promotions and not withdrawn, by whoever published them (HQ's calendar, other HQ systems, this one). */
  inForce(): PublishedPromotion[];
  /** This process's consumer group (deleted by `close`). */
  readonly groupId: string;
  close(): Promise<void>;
}

/** The last word per promotion id from a stream of promotion events (pure: the view is rebuilt from the topic). */
export function applyPromotionEvents(view: Map<string, PublishedPromotion>, events: readonly PromotionEvent[]): void {
  for (const e of events) {
    if (e.type === 'promo.published') view.set(e.payload.promotionId, e.payload);
    else view.delete(e.payload.promotionId);
  }
}

/**
 * Every promotion on `hq.promotions` (compacted: the latest word on each), read from its
 * beginning by each web process into memory and kept up to date, so that a promotion authored
 * here is checked for overlaps against those published by anyone else too (HQ's own calendar,
 * another system). Messages are checked with the contract; a bad one is logged and skipped.
 */
export function startTopicPromotions(o: { brokers: string[]; log: Logger; feed?: KafkaFeed<PromotionEvent> }): TopicPromotions {
  const groupId = `${TOPIC_PROMOTIONS_GROUP}-${crypto.randomUUID()}`;
  const feed =
    o.feed ??
    openKafkaFeed({
      brokers: o.brokers,
      log: o.log,
      topic: TOPICS.hqPromotions.name,
      groupId,
      clientId: 'tillstream-web-promotions',
      what: 'promotion',
      parse: parsePromotionEvent,
      ephemeral: true,
    });
  const view = new Map<string, PublishedPromotion>();
  return {
    inForce() {
      applyPromotionEvents(view, feed.poll());
      return [...view.values()];
    },
    groupId,
    close: () => feed.close(),
  };
}
