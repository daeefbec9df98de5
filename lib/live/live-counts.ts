import type { Redis } from 'ioredis';
import { redisKeys } from '../redis-keys';
import { DAY_MS, MINUTE_MS, localDay } from '../time/local-time';
import { COUNT_FIELDS, addCounts, emptyCounts, type MinuteCounts } from './minute-counts';

/**
 * How the live aggregator keeps counts in Redis, and how they are read back (by the
 * aggregator's live deltas and the web tier's KPI API alike):
 *   - `aggMinutes(scope, tz, utcDay)`: a hash per UTC day, field `<minuteOfDay>:<code>`;
 *   - `aggDay(scope, tz, localDay)`: a hash per local day, field `<code>`.
 * A scope's locations in different timezones are kept apart (`tz`), so that a chain's
 * "today" is each timezone's own local day, summed.
 */
export const CODES: Record<keyof MinuteCounts, string> = {
  gross: 'g',
  refunds: 'r',
  postVoids: 'p',
  receipts: 'c',
  items: 'i',
  refundCount: 'rc',
  postVoidCount: 'pc',
  lineVoids: 'lv',
  receiptVoids: 'rv',
  webPaid: 'wp',
  webRefunded: 'wr',
};
const FIELD_BY_CODE = new Map(COUNT_FIELDS.map((f) => [CODES[f], f]));

/** Counts older than this (by event time) are not kept live; keys expire this long after their day. */
export const LIVE_RETENTION_DAYS = 10;
/** The web tier answers from Redis for ranges that start no earlier than this before now (the rest: ClickHouse). */
export const LIVE_QUERY_DAYS = 9;
/** The aggregator skips live counts of events older than this when it applies them (between the two above). */
export const LIVE_APPLY_DAYS = 9.5;

export const utcDayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const minuteOfUtcDay = (ms: number) => Math.floor((ms % DAY_MS) / MINUTE_MS);

/** Adds a hash's `<code>` or `<prefix><code>` fields into `into`. */
function addFields(into: MinuteCounts, fields: Record<string, string>, prefix = ''): void {
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith(prefix)) continue;
    const f = FIELD_BY_CODE.get(k.slice(prefix.length));
    if (f) into[f] += Number(v);
  }
}

/** Every minute with counts of a scope in [from, to), summed over its timezones. */
export async function readLiveMinutes(redis: Redis, scope: string, timezones: string[], from: number, to: number): Promise<Map<number, MinuteCounts>> {
  const p = redis.pipeline();
  const days: number[] = [];
  for (let d = Math.floor(from / DAY_MS) * DAY_MS; d < to; d += DAY_MS) days.push(d);
  for (const tz of timezones) for (const d of days) p.hgetall(redisKeys.aggMinutes(scope, tz, utcDayOf(d)));
  const res = (await p.exec()) ?? [];
  const out = new Map<number, MinuteCounts>();
  res.forEach(([err, value], i) => {
    if (err) throw err;
    const dayStart = days[i % days.length]!;
    for (const [k, v] of Object.entries(value as Record<string, string>)) {
      const colon = k.indexOf(':');
      const minute = dayStart + Number(k.slice(0, colon)) * MINUTE_MS;
      if (minute < from || minute >= to) continue;
      const f = FIELD_BY_CODE.get(k.slice(colon + 1));
      if (!f) continue;
      let c = out.get(minute);
      if (!c) out.set(minute, (c = emptyCounts()));
      c[f] += Number(v);
    }
  });
  for (const [m, c] of out) if (COUNT_FIELDS.every((f) => c[f] === 0)) out.delete(m);
  return out;
}

/** The counts of given minutes of a scope (summed over its timezones), in one round trip. */
export async function readLiveMinuteValues(redis: Redis, scope: string, timezones: string[], minutes: number[]): Promise<Map<number, MinuteCounts>> {
  const p = redis.pipeline();
  for (const tz of timezones) {
    for (const m of minutes) {
      const mod = minuteOfUtcDay(m);
      p.hmget(redisKeys.aggMinutes(scope, tz, utcDayOf(m)), ...COUNT_FIELDS.map((f) => `${mod}:${CODES[f]}`));
    }
  }
  const res = (await p.exec()) ?? [];
  const out = new Map(minutes.map((m) => [m, emptyCounts()]));
  res.forEach(([err, values], i) => {
    if (err) throw err;
    const c = out.get(minutes[i % minutes.length]!)!;
    (values as (string | null)[]).forEach((v, j) => {
      if (v !== null) c[COUNT_FIELDS[j]!] += Number(v);
    });
  });
  return out;
}

/** A scope's counts of "today": each timezone's own local day at `now`, summed. */
export async function readLiveToday(redis: Redis, scope: string, timezones: string[], now: number): Promise<MinuteCounts> {
  const p = redis.pipeline();
  for (const tz of timezones) p.hgetall(redisKeys.aggDay(scope, tz, localDay(now, tz)));
  const res = (await p.exec()) ?? [];
  const total = emptyCounts();
  for (const [err, value] of res) {
    if (err) throw err;
    const c = emptyCounts();
    addFields(c, value as Record<string, string>);
    addCounts(total, c);
  }
  return total;
}

/** The timezones a scope's counts are kept in. */
export function readScopeTimezones(redis: Redis, scope: string): Promise<string[]> {
  return redis.smembers(redisKeys.aggTimezones(scope));
}
