import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { addDays, localParts, startOfLocalDay } from '../../lib/time/local-time';
import type { StoreInfo } from '../kpis/store-directory';
import { readStoreStates } from '../kpis/store-freshness';
import { todayIn } from '../kpis/time-windows';
import type { ActivityHistorySource } from './activity-history';
import type { StoreActivity } from './activity-answers';
import { buildStoreActivity } from './store-activity';

export interface StoreActivityService {
  /** The store's activity now, or null when the master data has no such store. Throws when Redis or ClickHouse does not answer. */
  activity: (storeId: string) => Promise<StoreActivity | null>;
}

/**
 * Reads what a store's activity needs, concurrently: the freshness of the store's sources
 * that the live aggregator keeps in Redis (`aggSources`, `aggSource`, `aggGaps`, through
 * readStoreStates), and its history since the start of yesterday, local time (sign-ins
 * and shifts may have begun before midnight); the cashiers' figures cover today.
 */
export function createStoreActivityService(d: {
  redis: Redis;
  stores: () => Promise<Map<string, StoreInfo>>;
  history: ActivityHistorySource;
  log: Logger;
  now?: () => number;
}): StoreActivityService {
  const now = d.now ?? Date.now;
  return {
    async activity(storeId) {
      const store = (await d.stores()).get(storeId);
      if (!store) return null;
      const t = now();
      const tz = store.timezone;
      const { day } = localParts(t, tz);
      const today = todayIn(tz, t);
      const lookbackFrom = startOfLocalDay(addDays(day, -1), tz);
      const [states, history] = await Promise.all([readStoreStates(d.redis, [store], t), d.history({ storeId, lookbackFrom, day: today })]);
      if (history.sessionsTruncated) d.log.warn({ storeId }, 'store activity: too many sign-in and shift events since yesterday; the oldest were left out');
      return buildStoreActivity({ store, now: t, day: { day, ...today }, sources: states[0]?.sources ?? [], history });
    },
  };
}
