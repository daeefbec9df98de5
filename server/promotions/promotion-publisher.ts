import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseEvent, describeIssues } from '../../lib/contract/parse-event';
import { messageKey, topicOf } from '../../lib/contract/routing';
import { redisKeys } from '../../lib/redis-keys';
import type { EventPublisher } from '../ingest/publish';

/** The producer id of the promotions HQ authors in Tillstream (its own seq line; the simulator's HQ calendar is another). */
export const AUTHORING_SOURCE = 'HQ-AUTHORING';

export class PublishFailed extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'PublishFailed';
  }
}

/**
 * Puts `promo.published` and `promo.withdrawn` on `hq.promotions` (compacted, keyed by
 * promotion id: the last word on a promotion is what a till reading the topic from the start
 * sees) through the web process's one idempotent producer (the REST ingest's). Each event is
 * checked against the contract before it leaves; its seq comes from one Redis counter per
 * source, so every web instance continues the same line. Returns the event's id.
 */
export function createPromotionPublisher(d: { redis: Redis; publisher: EventPublisher; now?: () => number; source?: string }) {
  const now = d.now ?? Date.now;
  const source = d.source ?? AUTHORING_SOURCE;
  return async function publish(type: 'promo.published' | 'promo.withdrawn', payload: Record<string, unknown>): Promise<string> {
    const seq = await d.redis.incr(redisKeys.promoSeq(source));
    const raw = { id: `${source}-${crypto.randomUUID()}`, type, schemaVersion: 1, source, seq, occurredAt: new Date(now()).toISOString(), payload };
    const parsed = parseEvent(raw);
    // A bug, not bad input: the service builds the payload from a checked draft.
    if (!parsed.ok) throw new Error(`${type} does not meet the contract: ${describeIssues(parsed.issues)}`);
    const r = await d.publisher.publish([{ topic: topicOf(type).name, key: messageKey(parsed.event), value: JSON.stringify(raw) }], { 'ts-producer': source });
    if (!r.ok) throw new PublishFailed(r.message, r.retryAfterSeconds);
    return raw.id;
  };
}

export type PromotionPublish = ReturnType<typeof createPromotionPublisher>;
