import type { Redis } from 'ioredis';
import { metricOfCode, type ExceptionMetrics } from '../../lib/loss/exception-metrics';
import { redisKeys } from '../../lib/redis-keys';
import { addDays } from '../../lib/time/local-time';
import type { CashierRow, ExceptionSource, GroupRow } from './exception-rows';

/** The local days from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * A day hash of the exceptions worker (`excDay`: `s|<code>`, `t|<till>|<code>`,
 * `c|<cashier>|<code>`) as rows. Ids never hold '|' (the contract's id rule).
 */
export function rowsOfDayHash(storeId: string, hash: Record<string, string>): GroupRow[] {
  const rows = new Map<string, GroupRow>();
  const at = (level: GroupRow['level'], id: string) => {
    const k = `${level}|${id}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { level, storeId, id, metrics: {} }));
    return r.metrics;
  };
  for (const [field, value] of Object.entries(hash)) {
    const parts = field.split('|');
    const metric = metricOfCode(parts[parts.length - 1]!);
    if (!metric) continue;
    const m: Partial<ExceptionMetrics> =
      parts[0] === 's' && parts.length === 2 ? at('store', '') : parts[0] === 't' && parts.length === 3 ? at('till', parts[1]!) : parts[0] === 'c' && parts.length === 3 ? at('cashier', parts[1]!) : {};
    m[metric] = (m[metric] ?? 0) + Number(value);
  }
  return [...rows.values()];
}

/** A cashier's day hash (`excCashierDay`: `<store>|<till>|<shift>|<code>`; a shift id may hold '|', store and till ids never). */
export function rowsOfCashierHash(day: string, hash: Record<string, string>): CashierRow[] {
  const rows = new Map<string, CashierRow>();
  for (const [field, value] of Object.entries(hash)) {
    const parts = field.split('|');
    if (parts.length < 4) continue;
    const metric = metricOfCode(parts[parts.length - 1]!);
    if (!metric) continue;
    const storeId = parts[0]!;
    const tillId = parts[1]!;
    const shiftId = parts.slice(2, -1).join('|');
    const k = `${storeId}|${tillId}|${shiftId}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { storeId, tillId, shiftId, day, metrics: {} }));
    r.metrics[metric] = (r.metrics[metric] ?? 0) + Number(value);
  }
  return [...rows.values()];
}

/** The live exception metrics the exceptions worker keeps in Redis (workers/exceptions/): one pipeline per answer. */
export function createLiveExceptions(redis: Redis): ExceptionSource {
  return {
    name: 'live',
    async storeRows(stores) {
      const asked = stores.flatMap((s) => daysOf(s.fromDay, s.toDay).map((day) => ({ storeId: s.storeId, day })));
      const p = redis.pipeline();
      for (const a of asked) p.hgetall(redisKeys.excDay(a.storeId, a.day));
      const res = (await p.exec()) ?? [];
      return res.flatMap(([err, hash], i) => {
        if (err) throw err;
        return rowsOfDayHash(asked[i]!.storeId, hash as Record<string, string>);
      });
    },
    async cashierRows(cashierId, fromDay, toDay) {
      const days = daysOf(fromDay, toDay);
      const p = redis.pipeline();
      for (const day of days) p.hgetall(redisKeys.excCashierDay(cashierId, day));
      const res = (await p.exec()) ?? [];
      return res.flatMap(([err, hash], i) => {
        if (err) throw err;
        return rowsOfCashierHash(days[i]!, hash as Record<string, string>);
      });
    },
  };
}
