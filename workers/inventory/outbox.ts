import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import { DependencyUnavailable, type OutgoingMessage } from '../harness/worker';
import type { OutboxMessage } from './plan-alerts';

/** How many leftover messages one batch takes along; how long one is held by a batch of this process before another may take it. */
const LEFTOVERS_PER_BATCH = 200;
const HELD_MS = 60_000;

/**
 * The inventory's outbox: alerts and replenishment orders are pushed to a Redis list in the
 * same atomic apply as the stock that raised them, then produced to Kafka by the harness
 * with the batch's output, and removed once Kafka has them (`afterOutput`). A crash in
 * between leaves them in the list; a later batch takes them along. At least once: their
 * ids are deterministic, so a consumer drops a repeat. The exceptions worker's loss alerts use
 * the same, on their own list (`key`).
 */
export function createOutbox(redis: Redis, key: string = redisKeys.invOutbox()) {
  /** Entries a batch of this process is producing, and since when. */
  const held = new Map<string, number>();
  return {
    /** The batch's own messages plus any left over: the batch's `produce` and the `afterOutput` that removes them. */
    take: async (mine: OutboxMessage[]): Promise<{ produce?: OutgoingMessage[]; afterOutput?: () => Promise<void> }> => {
      const now = Date.now();
      for (const [e, since] of held) if (now - since > HELD_MS) held.delete(e);
      const own = mine.map((m) => JSON.stringify(m));
      let leftovers: string[];
      try {
        leftovers = await redis.lrange(key, 0, LEFTOVERS_PER_BATCH - 1);
      } catch (err) {
        throw new DependencyUnavailable('redis', err);
      }
      const entries = [...new Set([...own, ...leftovers.filter((e) => !held.has(e))])];
      if (entries.length === 0) return {};
      for (const e of entries) held.set(e, now);
      return {
        produce: entries.map((e) => {
          const m = JSON.parse(e) as OutboxMessage;
          return { topic: m.topic, key: m.key, value: m.value };
        }),
        afterOutput: async () => {
          const p = redis.pipeline();
          for (const e of entries) p.lrem(key, 1, e);
          await p.exec();
          for (const e of entries) held.delete(e);
        },
      };
    },
  };
}
