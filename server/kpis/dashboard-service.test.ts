import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { emptyCounts, type MinuteCounts } from '../../lib/live/minute-counts';
import type { Principal } from '../auth/principal';
import { leagueQuerySchema, perHourQuerySchema, topQuerySchema } from './dashboard-query';
import { createDashboardService } from './dashboard-service';
import type { MinuteSource, ScopeGroup } from './kpi-types';
import type { StoreInfo } from './store-directory';

/**
 * GET /api/v1/sales/per-hour over stand-in minute sources: a chain in Lisbon and Madrid on
 * the day the clocks go back (25 hours) against an ordinary Sunday a week earlier,
 * checked against sums computed here with Intl directly.
 */
const MINUTE = 60_000;
const NOW = Date.parse('2026-10-25T10:30:20Z'); // Sunday: 11:30 CET in Madrid, 10:30 WET in Lisbon
const store = (storeId: string, timezone: string, region: string): StoreInfo => ({ storeId, name: storeId, region, timezone, currency: 'EUR', tills: [] });
const STORES = new Map([
  ['S1', store('S1', 'Europe/Lisbon', 'Portugal')],
  ['S2', store('S2', 'Europe/Madrid', 'Spain')],
]);
const admin: Principal = { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' };
const manager: Principal = { userId: 'u2', username: 'manager', role: 'store_manager', stores: ['S2'] };

type Sale = { location: string; at: number; gross: number; web: number };
/** A sale every 7 minutes at each store and a web payment every 13 at the warehouse, from the 16th to the 27th, with amounts that vary. */
const SALES: Sale[] = [];
for (let t = Date.parse('2026-10-16T00:00:00Z'), i = 0; t < Date.parse('2026-10-27T00:00:00Z'); t += 7 * MINUTE, i++) {
  SALES.push({ location: 'S1', at: t + 5_000, gross: 100 + (i % 37), web: 0 });
  SALES.push({ location: 'S2', at: t + 3 * MINUTE, gross: 200 + (i % 11), web: i % 5 === 0 ? 50 : 0 });
  if (i % 2 === 0) SALES.push({ location: 'DC01', at: t + 6 * MINUTE, gross: 0, web: 1000 });
}

/** A minute source over SALES that records what it was asked. */
function standIn(name: 'live' | 'history', calls: { name: string; tz: string; from: number; to: number }[]): MinuteSource {
  return {
    name,
    async perMinute(g: ScopeGroup, from: number, to: number) {
      calls.push({ name, tz: g.timezone, from, to });
      const out = new Map<number, MinuteCounts>();
      for (const s of SALES) {
        const inGroup = g.locations.includes(s.location) || (g.otherLocations && !g.knownStores.includes(s.location));
        if (!inGroup || s.at < from || s.at >= to) continue;
        const m = Math.floor(s.at / MINUTE) * MINUTE;
        const c = out.get(m) ?? emptyCounts();
        c.gross += s.gross;
        c.receipts += s.gross > 0 ? 1 : 0;
        c.items += s.gross > 0 ? 2 : 0;
        c.webPaid += s.web;
        out.set(m, c);
      }
      return out;
    },
  };
}

const formats = new Map<string, Intl.DateTimeFormat>();
const format = (timeZone: string, o: Intl.DateTimeFormatOptions, locale: string) => {
  const k = `${timeZone} ${locale}`;
  if (!formats.has(k)) formats.set(k, new Intl.DateTimeFormat(locale, { timeZone, ...o }));
  return formats.get(k)!;
};
const localDay = (ms: number, timeZone: string) => format(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(new Date(ms));
const localHour = (ms: number, timeZone: string) => Number(format(timeZone, { hour: '2-digit', hourCycle: 'h23' }, 'en-GB').format(new Date(ms)));

/** The reference: each sale's store-local day and hour by Intl; today up to the end of NOW's minute. */
function expected(locations: string[], channel: 'stores' | 'web' | 'all') {
  const tzOf = (loc: string) => STORES.get(loc)?.timezone ?? 'Europe/Madrid';
  const today = Array.from({ length: 24 }, () => ({ netSales: 0, receipts: 0, items: 0 }));
  const lastWeek = Array.from({ length: 24 }, () => ({ netSales: 0, receipts: 0, items: 0 }));
  const endOfMinute = Math.floor(NOW / MINUTE) * MINUTE + MINUTE;
  for (const s of SALES.filter((x) => locations.includes(x.location))) {
    const tz = tzOf(s.location);
    const day = localDay(s.at, tz);
    const into = day === localDay(NOW, tz) && s.at < endOfMinute ? today : day === '2026-10-18' ? lastWeek : null;
    if (!into) continue;
    const h = into[localHour(s.at, tz)]!;
    h.netSales += (channel !== 'web' ? s.gross : 0) + (channel !== 'stores' ? s.web : 0);
    h.receipts += s.gross > 0 ? 1 : 0;
    h.items += s.gross > 0 ? 2 : 0;
  }
  const shape = (x: { netSales: number; receipts: number; items: number }) => (channel === 'web' ? { ...x, receipts: null, items: null } : x);
  return { today: today.map(shape), lastWeek: lastWeek.map(shape) };
}

function service() {
  const calls: { name: string; tz: string; from: number; to: number }[] = [];
  const d = createDashboardService({
    live: standIn('live', calls),
    history: standIn('history', calls),
    stores: async () => STORES,
    hqTimezone: 'Europe/Madrid',
    now: () => NOW,
    redis: {} as Redis,
  });
  return { d, calls };
}
const q = (o: Record<string, string> = {}) => perHourQuerySchema.parse(o);

describe('sales per hour, today against the same weekday last week', () => {
  it('sums each timezone’s own local hours, today (25 hours) up to now and last week’s whole day', async () => {
    const { d, calls } = service();
    const a = await d.perHour(admin, q({ channel: 'all' }));
    const asked = calls.map((c) => [c.name, c.tz, new Date(c.from).toISOString(), new Date(c.to).toISOString()]);
    const want = expected(['S1', 'S2', 'DC01'], 'all');
    // Madrid has started hours 0..11, Lisbon 0..10: from hour 12 on, nothing has started anywhere.
    expect(a.hours.map((h) => h.today)).toEqual([...want.today.slice(0, 12), ...Array(12).fill(null)]);
    expect(a.hours.map((h) => h.lastWeek)).toEqual(want.lastWeek);
    expect(a.hours.map((h) => h.hour)).toEqual([...Array(24).keys()]);
    // The repeated hour (Madrid 02, Lisbon 01) holds both occurrences: twice an ordinary night hour.
    const madrid = await d.perHour(admin, q({ storeId: 'S2', channel: 'stores' }));
    const lisbon = await d.perHour(admin, q({ storeId: 'S1', channel: 'stores' }));
    // A sale every 7 minutes: 17 or 18 in 120 minutes, 8 or 9 in 60.
    for (const [repeated, ordinary] of [
      [madrid.hours[2]!, madrid.hours[4]!],
      [lisbon.hours[1]!, lisbon.hours[4]!],
    ]) {
      expect(repeated!.today!.receipts).toBeGreaterThanOrEqual(17);
      expect(ordinary!.today!.receipts).toBeLessThanOrEqual(9);
      expect(ordinary!.lastWeek.receipts).toBeLessThanOrEqual(9);
    }
    expect(madrid.hours[2]!.lastWeek.receipts).toBeLessThanOrEqual(9);
    expect(a.days).toEqual([
      { timezone: 'Europe/Lisbon', day: '2026-10-25', hours: 25, lastWeekDay: '2026-10-18', lastWeekHours: 24 },
      { timezone: 'Europe/Madrid', day: '2026-10-25', hours: 25, lastWeekDay: '2026-10-18', lastWeekHours: 24 },
    ]);
    // Madrid's day starts at 22:00Z (CEST), Lisbon's last week ends at 23:00Z (WEST); today ends with the current minute.
    expect(a.today).toEqual({ from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T10:31:00.000Z', source: 'live' });
    expect(a.lastWeek).toMatchObject({ from: '2026-10-17T22:00:00.000Z', to: '2026-10-18T23:00:00.000Z', source: 'live' });
    expect(asked.sort()).toEqual(
      [
        ['live', 'Europe/Lisbon', '2026-10-24T23:00:00.000Z', '2026-10-25T10:31:00.000Z'],
        ['live', 'Europe/Lisbon', '2026-10-17T23:00:00.000Z', '2026-10-18T23:00:00.000Z'],
        ['live', 'Europe/Madrid', '2026-10-24T22:00:00.000Z', '2026-10-25T10:31:00.000Z'],
        ['live', 'Europe/Madrid', '2026-10-17T22:00:00.000Z', '2026-10-18T22:00:00.000Z'],
      ].sort(),
    );
    expect(a.scope).toEqual({ level: 'chain', storeId: null, region: null, channel: 'all', stores: ['S1', 'S2'] });
  });

  it('answers one channel: the tills without the web shop, the web shop without receipts or items', async () => {
    const { d } = service();
    const tills = await d.perHour(admin, q({ channel: 'stores' }));
    expect(tills.hours.map((h) => h.lastWeek)).toEqual(expected(['S1', 'S2', 'DC01'], 'stores').lastWeek);
    const web = await d.perHour(admin, q({ channel: 'web', storeId: 'S2' }));
    const want = expected(['S2'], 'web');
    expect(web.hours.map((h) => h.today)).toEqual([...want.today.slice(0, 12), ...Array(12).fill(null)]);
    expect(web.hours[5]!.lastWeek).toEqual({ netSales: want.lastWeek[5]!.netSales, receipts: null, items: null });
  });

  it('gives a store manager its own store, and refuses another one and the chain', async () => {
    const { d } = service();
    const mine = await d.perHour(manager, q());
    expect(mine.scope).toMatchObject({ level: 'stores', stores: ['S2'] });
    expect(mine.hours.map((h) => h.lastWeek)).toEqual(expected(['S2'], 'all').lastWeek);
    await expect(d.perHour(manager, q({ storeId: 'S1' }))).rejects.toMatchObject({ status: 403 });
    await expect(d.perHour(manager, q({ region: 'Spain' }))).rejects.toMatchObject({ status: 403 });
    await expect(d.perHour(admin, q({ storeId: 'S9' }))).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a store manager a store it may not see with the same 403 whether it exists or not; top items too', async () => {
    const { d } = service();
    const reason = (p: Promise<unknown>) => p.then(() => null, (e: { status: number; message: string }) => ({ status: e.status, message: e.message }));
    expect(await reason(d.perHour(manager, q({ storeId: 'S1' })))).toEqual({ status: 403, message: 'storeId: you may not see store S1' });
    expect(await reason(d.perHour(manager, q({ storeId: 'S9' })))).toEqual({ status: 403, message: 'storeId: you may not see store S9' });
    expect(await reason(d.perHour(manager, q({ region: 'Atlantis' })))).toMatchObject({ status: 403 });
    const top = (o: Record<string, string>) => topQuerySchema.parse(o);
    expect(await reason(d.top(manager, top({ storeId: 'S9' })))).toEqual({ status: 403, message: 'storeId: you may not see store S9' });
    expect(await reason(d.top(manager, top({ storeId: 'S1' })))).toEqual({ status: 403, message: 'storeId: you may not see store S1' });
    expect(await reason(d.top(admin, top({ storeId: 'S9' })))).toMatchObject({ status: 404 });
  });
});

describe('the store league table’s region filter', () => {
  /** A Redis that knows no freshness (no source has reported). */
  const quietRedis = { hgetall: async () => ({}), pipeline: () => ({ exec: async () => [] }) } as unknown as Redis;
  const league = () =>
    createDashboardService({ live: standIn('live', []), history: standIn('history', []), stores: async () => STORES, hqTimezone: 'Europe/Madrid', now: () => NOW, redis: quietRedis });

  it('gives a store manager an empty table for a region without its stores, whether that region exists or not', async () => {
    const d = league();
    expect((await d.league(manager, leagueQuerySchema.parse({ region: 'Spain' }))).stores.map((s) => s.storeId)).toEqual(['S2']);
    const known = await d.league(manager, leagueQuerySchema.parse({ region: 'Portugal' }));
    const unknown = await d.league(manager, leagueQuerySchema.parse({ region: 'Atlantis' }));
    expect(known).toMatchObject({ region: 'Portugal', stores: [] });
    expect(unknown).toMatchObject({ region: 'Atlantis', stores: [] });
  });

  it('tells an HQ role that a region does not exist (404)', async () => {
    const d = league();
    expect((await d.league(admin, leagueQuerySchema.parse({ region: 'Portugal' }))).stores.map((s) => s.storeId)).toEqual(['S1']);
    await expect(d.league(admin, leagueQuerySchema.parse({ region: 'Atlantis' }))).rejects.toMatchObject({ status: 404, message: 'region: no store in region Atlantis' });
  });

  it('reads where `source` says: history for both, or live today with last week wherever it is', async () => {
    const history = service();
    const h = await history.d.perHour(admin, q({ storeId: 'S1', source: 'history' }));
    expect(history.calls.map((c) => c.name)).toEqual(['history', 'history']);
    expect([h.today.source, h.lastWeek.source]).toEqual(['history', 'history']);
    const live = service();
    await live.d.perHour(admin, q({ storeId: 'S1', source: 'live' }));
    expect(live.calls.map((c) => c.name)).toEqual(['live', 'live']);
  });
});
