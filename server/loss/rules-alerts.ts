import type { Redis } from 'ioredis';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import { lossAlertSchema, type LossAlert } from '../../lib/loss/rules/loss-alert';
import { redisKeys } from '../../lib/redis-keys';
import { addDays, localDay } from '../../lib/time/local-time';
import { LossQueryError } from './exceptions-service';
import { MAX_ALERT_DAYS, type AlertsQuery } from './rules-input';

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/**
 * The rules' hits as the exceptions worker stored them (`lossHits`, per store and store-local
 * day, kept 35 days): of one store or every store, over store-local days (default today in each
 * store's timezone), newest first.
 */
export function createAlertsReader(d: { redis: Redis; stores: () => Promise<Map<string, StoreInfo>>; now?: () => number }) {
  const now = d.now ?? Date.now;
  return async function alerts(q: AlertsQuery): Promise<{ alerts: LossAlert[]; truncated: boolean }> {
    const all = await d.stores();
    let stores = [...all.values()];
    if (q.storeId !== undefined) {
      const s = all.get(q.storeId);
      if (!s) throw new LossQueryError(404, 'storeId', `no store ${q.storeId}`);
      stores = [s];
    }
    if ((q.from === undefined) !== (q.to === undefined)) throw new LossQueryError(400, q.from === undefined ? 'from' : 'to', 'give from and to together, or neither (today)');
    if (q.from !== undefined && q.to !== undefined) {
      if (q.to < q.from) throw new LossQueryError(400, 'to', 'must not be before from');
      if (dayNumber(q.to) - dayNumber(q.from) + 1 > MAX_ALERT_DAYS) throw new LossQueryError(400, 'to', `the period may cover at most ${MAX_ALERT_DAYS} days`);
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
    out.sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { alerts: out.slice(0, q.limit), truncated: out.length > q.limit };
  };
}

export type AlertsReader = ReturnType<typeof createAlertsReader>;
