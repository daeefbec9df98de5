import type { Redis } from 'ioredis';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import { HIT_KEEP_DAYS, lossAlertSchema, type LossAlert } from '../../lib/loss/rules/loss-alert';
import { redisKeys } from '../../lib/redis-keys';
import { addDays, localDay } from '../../lib/time/local-time';
import { LossQueryError } from './exceptions-service';
import { MAX_ALERT_DAYS, type AlertsQuery } from './rules-input';

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** Which hits: of one store, a region's stores or every store; over store-local days, both inclusive (neither: today in each store's timezone); of one rule or all. */
export interface HitsScope {
  storeId?: string;
  region?: string;
  from?: string;
  to?: string;
  ruleId?: string;
}

/** A cashier's hits of the scope, at one store (`cashierId` '' for hits no cashier was signed in for). */
export interface CashierHits {
  storeId: string;
  cashierId: string;
  hits: number;
}

/**
 * The rules' hits as the exceptions worker stored them (`lossHits`, per store and store-local
 * day, kept HIT_KEEP_DAYS days): newest first for the alerts API, or counted per cashier for
 * the ranking's rule filter. A period that starts before the hits still kept is a 400 naming
 * `from` (an answer would quietly miss hits); an unknown store or region, a 404.
 */
export function createAlertsReader(d: { redis: Redis; stores: () => Promise<Map<string, StoreInfo>>; now?: () => number }) {
  const now = d.now ?? Date.now;

  async function read(q: HitsScope): Promise<LossAlert[]> {
    const all = await d.stores();
    let stores = [...all.values()];
    if (q.storeId !== undefined) {
      const s = all.get(q.storeId);
      if (!s) throw new LossQueryError(404, 'storeId', `no store ${q.storeId}`);
      if (q.region !== undefined && s.region !== q.region) throw new LossQueryError(400, 'storeId', `store ${s.storeId} is not in region ${q.region}`);
      stores = [s];
    } else if (q.region !== undefined) {
      stores = stores.filter((s) => s.region === q.region);
      if (stores.length === 0) throw new LossQueryError(404, 'region', `no store in region ${q.region}`);
    }
    if ((q.from === undefined) !== (q.to === undefined)) throw new LossQueryError(400, q.from === undefined ? 'from' : 'to', 'give from and to together, or neither (today)');
    if (q.from !== undefined && q.to !== undefined) {
      if (q.to < q.from) throw new LossQueryError(400, 'to', 'must not be before from');
      if (dayNumber(q.to) - dayNumber(q.from) + 1 > MAX_ALERT_DAYS) throw new LossQueryError(400, 'to', `rule hits cover at most ${MAX_ALERT_DAYS} days at a time`);
      const kept = stores.map((s) => addDays(localDay(now(), s.timezone), -(HIT_KEEP_DAYS - 1))).sort()[0];
      if (kept !== undefined && q.from < kept) throw new LossQueryError(400, 'from', `rule hits are kept ${HIT_KEEP_DAYS} days: the earliest day still complete is ${kept}`);
    }
    const p = d.redis.pipeline();
    let n = 0;
    for (const s of stores) {
      const from = q.from ?? localDay(now(), s.timezone);
      const to = q.to ?? from;
      for (let day = from; day <= to; day = addDays(day, 1)) {
        p.hvals(redisKeys.lossHits(s.storeId, day));
        n++;
      }
    }
    const res = n > 0 ? ((await p.exec()) ?? []) : [];
    const out: LossAlert[] = [];
    for (const [err, vals] of res) {
      if (err) throw err;
      for (const raw of vals as string[]) {
        const a = lossAlertSchema.safeParse(JSON.parse(raw));
        if (a.success && (q.ruleId === undefined || a.data.evidence.ruleId === q.ruleId)) out.push(a.data);
      }
    }
    return out;
  }

  return {
    /** The hits of the scope, newest first, at most `limit`. */
    async alerts(q: AlertsQuery): Promise<{ alerts: LossAlert[]; truncated: boolean }> {
      const out = await read(q);
      out.sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { alerts: out.slice(0, q.limit), truncated: out.length > q.limit };
    },

    /** The hits of the scope per cashier at a store, most first (then by store and cashier). */
    async hitsByCashier(q: HitsScope): Promise<CashierHits[]> {
      const counts = new Map<string, CashierHits>();
      for (const a of await read(q)) {
        const key = `${a.subject.storeId}\u0000${a.subject.cashierId}`;
        const c = counts.get(key) ?? { storeId: a.subject.storeId, cashierId: a.subject.cashierId, hits: 0 };
        c.hits++;
        counts.set(key, c);
      }
      return [...counts.values()].sort((a, b) => b.hits - a.hits || a.storeId.localeCompare(b.storeId) || a.cashierId.localeCompare(b.cashierId));
    },
  };
}

export type AlertsReader = ReturnType<typeof createAlertsReader>;
