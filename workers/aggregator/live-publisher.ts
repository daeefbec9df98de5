import type { Redis } from 'ioredis';
import { readLiveMinuteValues, readLiveToday, readScopeTimezones } from '../../lib/live/live-counts';
import type { LiveDelta, SourceFreshness } from '../../lib/live/live-delta';
import { locationScope, roomOfScope } from '../../lib/live/scopes';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';

export interface LivePublisherOptions {
  redis: Redis;
  log: Logger;
  isStore: (id: string) => boolean;
  /** At most one delta per room per this many ms (design: ~5–10 per second). */
  everyMs?: number;
  /** More changed minutes than this in one delta → `resync` instead (a backfill). */
  maxMinutes?: number;
  now?: () => number;
}

export interface LivePublisher {
  /** Marks what a batch changed; published with the next flush. */
  changed: (dirtyMinutes: Map<string, Set<number>>, freshness: SourceFreshness[]) => void;
  /** Publishes what is pending now (tests, shutdown). */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Coalesces what the aggregator's batches change and publishes, per room, one delta at
 * most every `everyMs` on the room's Redis channel (`liveChannel`), which the web tier
 * relays to the sockets allowed in that room. Values are read back from Redis at flush
 * time, so deltas carry absolute counts, whichever aggregator instance wrote them.
 */
export function createLivePublisher(o: LivePublisherOptions): LivePublisher {
  const everyMs = o.everyMs ?? 150;
  const maxMinutes = o.maxMinutes ?? 120;
  const now = o.now ?? Date.now;
  let dirty = new Map<string, Set<number>>();
  let sources = new Map<string, SourceFreshness>();
  let flushing: Promise<void> | undefined;

  async function publishPending(): Promise<void> {
    const scopes = dirty;
    const moved = sources;
    dirty = new Map();
    sources = new Map();
    const storeScopesWithSources = new Set([...moved.values()].filter((s) => o.isStore(s.storeId)).map((s) => locationScope(s.storeId)));
    for (const scope of storeScopesWithSources) if (!scopes.has(scope)) scopes.set(scope, new Set());
    const t = now();
    const p = o.redis.pipeline();
    for (const [scope, minutes] of scopes) {
      const room = roomOfScope(scope, o.isStore);
      if (!room) continue;
      const timezones = await readScopeTimezones(o.redis, scope);
      const list = [...minutes].sort((a, b) => a - b);
      const resync = list.length > maxMinutes;
      const values = resync || list.length === 0 ? new Map() : await readLiveMinuteValues(o.redis, scope, timezones, list);
      const storeId = scope.startsWith('loc:') ? scope.slice(4) : undefined;
      const delta: LiveDelta = {
        room,
        publishedAt: t,
        minutes: [...values].map(([minute, counts]) => ({ minute, counts })),
        today: await readLiveToday(o.redis, scope, timezones, t),
        resync,
        sources: storeId ? [...moved.values()].filter((s) => s.storeId === storeId) : [],
      };
      p.publish(redisKeys.liveChannel(room), JSON.stringify(delta));
    }
    await p.exec();
  }

  const flush = async (): Promise<void> => {
    await flushing;
    if (dirty.size === 0 && sources.size === 0) return;
    flushing = publishPending().catch((err: Error) => o.log.warn({ err: err.message }, 'live delta not published'));
    await flushing;
  };

  const timer = setInterval(() => void flush(), everyMs);
  timer.unref();

  return {
    changed: (dirtyMinutes, freshness) => {
      for (const [scope, minutes] of dirtyMinutes) {
        let d = dirty.get(scope);
        if (!d) dirty.set(scope, (d = new Set()));
        for (const m of minutes) d.add(m);
      }
      for (const f of freshness) sources.set(f.source, f);
    },
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
