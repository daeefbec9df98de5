import type { Redis } from 'ioredis';
import { dedupeKeyOf, type Alert, type AlertKind } from '../../lib/alerts/alert-model';
import type { AlertStore } from '../../lib/alerts/alert-store';
import { createThresholdStore, thresholdsFor } from '../../lib/alerts/alert-thresholds';
import { kpisOf, sumMinutes } from '../../lib/kpis/compute-kpis';
import { readStoreStates } from '../../lib/kpis/read-store-states';
import { readLiveMinutes } from '../../lib/live/live-counts';
import { readStores } from '../../lib/stores/read-stores';
import { localHourOf, offlineVerdict, revenueVerdict, type Verdict } from './condition-rules';

/** How often the condition rules run in the alerts role. */
export const EVALUATE_EVERY_MS = 30_000;

/**
 * One evaluation of the condition rules over every store, from Redis (the validator's stores,
 * the aggregator's sources and minute counts, the thresholds): raises what holds, resolves
 * (`auto`) what no longer does. Returns the alerts it changed.
 */
export function createConditionEvaluator(d: { redis: Redis; alerts: AlertStore; now?: () => number }) {
  const now = d.now ?? Date.now;
  const thresholds = createThresholdStore(d.redis);

  async function settle(kind: AlertKind, storeId: string, v: Verdict, at: number, changed: Alert[]): Promise<void> {
    const key = dedupeKeyOf(kind, { storeId });
    const open = await d.alerts.open(key);
    // Another episode (a new hour, a new silence) first resolves the one before it.
    if (open && (!v.holds || open.id !== v.raised.id)) {
      const done = await d.alerts.clear(key, at);
      if (done) changed.push(done);
    }
    if (v.holds && open?.id !== v.raised.id) {
      const raised = await d.alerts.upsert(v.raised, null);
      if (raised) changed.push(raised);
    }
  }

  return async function evaluate(): Promise<Alert[]> {
    const at = now();
    const [stores, all] = await Promise.all([readStores(d.redis), thresholds.readAll()]);
    const list = [...stores.values()];
    const states = await readStoreStates(d.redis, list, at);
    const changed: Alert[] = [];
    for (const s of states) {
      const t = thresholdsFor(all, s);
      await settle('store_offline', s.storeId, offlineVerdict(s, t), at, changed);
      let revenue = 0;
      if (t.revenueBelowPerHour > 0) {
        const { hourStart } = localHourOf(at, s.timezone);
        revenue = kpisOf(sumMinutes((await readLiveMinutes(d.redis, `loc:${s.storeId}`, [s.timezone], hourStart, at + 1)).values()), 'all').netSales;
      }
      await settle('revenue_below', s.storeId, revenueVerdict(s, t, revenue, at), at, changed);
    }
    return changed;
  };
}
