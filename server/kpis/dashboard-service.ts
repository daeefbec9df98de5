import type { Redis } from 'ioredis';
import type { HourSales, LeagueAnswer, LeagueRow, PerHourAnswer, TopAnswer } from '../../lib/kpis/dashboard-answers';
import { addDays, localParts, startOfLocalDay } from '../../lib/time/local-time';
import { canSeeChain, visibleStores } from '../auth/access';
import type { Principal } from '../auth/principal';
import { kpisOf } from './compute-kpis';
import type { TopQuery, LeagueQuery, PerHourQuery } from './dashboard-query';
import { bucketByLocalHour, hoursStarted, localDayHours, sumHours, HOURS_PER_DAY } from './hour-buckets';
import { createKpiService, type KpiServiceDeps, type ScopeAnswer } from './kpi-service';
import { emptyCounts, type MinuteCounts, type ScopeGroup } from './kpi-types';
import { liveScopeOf } from './live-source';
import { mapLimit } from './map-limit';
import { resolveScope, ScopeError, type Channel, type ResolvedScope } from './resolve-scope';
import { readStoreStates } from './store-freshness';
import { todayIn, type Window } from './time-windows';
import { readTopItems } from './top-items';

/** At most this many stores' KPIs are asked for at once by the league table. */
export const LEAGUE_CONCURRENCY = 8;

const iso = (ms: number) => new Date(ms).toISOString();
type SourceName = 'live' | 'history' | 'mixed';
const combine = (sources: SourceName[]): SourceName => {
  const set = new Set(sources);
  return set.size === 0 ? 'live' : set.size === 1 ? [...set][0]! : 'mixed';
};
const scopeAnswer = (q: { storeId?: string; region?: string }, channel: Channel, s: ResolvedScope): ScopeAnswer => ({
  level: s.level,
  storeId: q.storeId ?? null,
  region: q.region ?? null,
  channel,
  stores: s.stores,
});
/** Today in `timezone` (local midnight to the end of the current minute) and the whole local day a week earlier. */
function daysAround(timezone: string, t: number) {
  const { day } = localParts(t, timezone);
  const lastWeekDay = addDays(day, -7);
  const lastWeek: Window = { from: startOfLocalDay(lastWeekDay, timezone), to: startOfLocalDay(addDays(lastWeekDay, 1), timezone) };
  return { timezone, day, lastWeekDay, today: todayIn(timezone, t), lastWeek };
}
const span = (ws: Window[], fallback: Window): Window => (ws.length ? { from: Math.min(...ws.map((w) => w.from)), to: Math.max(...ws.map((w) => w.to)) } : fallback);

/**
 * The dashboard's read answers built on the KPI service (docs/kpis.md "Dashboard answers"):
 * today's top SKUs or categories of a scope, the store league table, and today against
 * the same weekday last week by local hour. Each request pins one instant, so all of its
 * parts (every store of the league) count up to the same minute.
 */
export function createDashboardService(d: KpiServiceDeps & { redis: Redis }) {
  const now = d.now ?? Date.now;
  /** The KPI service at one instant, over one read of the master data. */
  const serviceAt = (t: number, stores: Awaited<ReturnType<KpiServiceDeps['stores']>>) => createKpiService({ ...d, stores: async () => stores, now: () => t });

  return {
    /** GET /api/v1/kpis/top: the live aggregator's sets of each timezone group on its own local day, summed and ranked. */
    async top(p: Principal, q: TopQuery): Promise<TopAnswer> {
      const t = now();
      const scope = resolveScope(q, p, await d.stores(), d.hqTimezone);
      const parts = scope.groups.map((g) => ({ scope: liveScopeOf(g), timezone: g.timezone, day: localParts(t, g.timezone).day }));
      const items = await readTopItems(d.redis, parts, q);
      const days = [...new Map(parts.map((x) => [x.timezone, { timezone: x.timezone, day: x.day }])).values()];
      return { scope: scopeAnswer(q, 'stores', scope), dimension: q.dimension, by: q.by, channel: 'stores', days, currency: scope.currency, items, generatedAt: iso(t) };
    },

    /**
     * GET /api/v1/kpis/stores: every visible store's /api/v1/kpis?storeId= answer for today,
     * with its freshness, by net sales. `region` filters the stores the caller may see: for a
     * store manager a region without any of its stores is an empty table whether the region
     * exists or not (nothing learnt of other stores); only an HQ role, which sees every store,
     * is told that a region does not exist (404).
     */
    async league(p: Principal, q: LeagueQuery): Promise<LeagueAnswer> {
      const t = now();
      const all = await d.stores();
      const mine = visibleStores(p, [...all.keys()])
        .map((id) => all.get(id)!)
        .filter((s) => q.region === undefined || s.region === q.region);
      if (q.region !== undefined && mine.length === 0 && canSeeChain(p)) throw new ScopeError(404, `region: no store in region ${q.region}`);
      const service = serviceAt(t, all);
      const [answers, states] = await Promise.all([
        mapLimit(mine, LEAGUE_CONCURRENCY, (s) => service.kpis(p, { storeId: s.storeId, channel: q.channel, source: 'auto' })),
        readStoreStates(d.redis, mine, t),
      ]);
      const rows = mine.map((s, i): Omit<LeagueRow, 'rank'> => {
        const a = answers[i]!;
        const f = states[i]!;
        return {
          storeId: s.storeId,
          name: s.name,
          region: s.region,
          timezone: s.timezone,
          currency: s.currency,
          today: { netSales: a.kpis.netSales, receipts: a.kpis.receipts, averageBasket: a.kpis.averageBasket, itemsPerReceipt: a.kpis.itemsPerReceipt },
          lastWeek: { netSales: a.comparison.kpis.netSales },
          netSalesChange: a.comparison.netSalesChange,
          netSalesChangePct: a.comparison.netSalesChangePct,
          source: a.source,
          freshness: { status: f.status, lastEventAt: f.lastEventAt, lagMs: f.lagMs, silentForMs: f.silentForMs, missing: f.missing },
        };
      });
      rows.sort((a, b) => b.today.netSales - a.today.netSales || (a.storeId < b.storeId ? -1 : a.storeId > b.storeId ? 1 : 0));
      const currencies = new Set(mine.map((s) => s.currency));
      return {
        region: q.region ?? null,
        channel: q.channel,
        period: 'today',
        currency: currencies.size === 1 ? [...currencies][0]! : null,
        stores: rows.map((r, i) => ({ rank: i + 1, ...r })),
        generatedAt: iso(t),
      };
    },

    /**
     * GET /api/v1/sales/per-hour: each timezone group's minutes of today (up to the end of
     * the current minute) and of the whole same weekday last week, from the source the
     * range calls for, into its local hours (hour-buckets.ts: DST days), summed by hour.
     */
    async perHour(p: Principal, q: PerHourQuery): Promise<PerHourAnswer> {
      const t = now();
      const all = await d.stores();
      const scope = resolveScope(q, p, all, d.hqTimezone);
      const service = serviceAt(t, all);
      // As /api/v1/kpis: `source` forces where today is read; last week is read wherever it is.
      const compareChoice = q.source === 'live' ? 'auto' : q.source;
      const perGroup = await Promise.all(
        scope.groups.map(async (g: ScopeGroup) => {
          const w = daysAround(g.timezone, t);
          const [cur, prev] = await Promise.all([service.minutesOf([g], () => w.today, q.source, t), service.minutesOf([g], () => w.lastWeek, compareChoice, t)]);
          return {
            ...w,
            cur: { hours: bucketByLocalHour(cur.minutes, g.timezone), started: hoursStarted(t, g.timezone), source: cur.source },
            prev: { hours: bucketByLocalHour(prev.minutes, g.timezone), started: HOURS_PER_DAY, source: prev.source },
          };
        }),
      );
      const sales = (c: MinuteCounts): HourSales => {
        const k = kpisOf(c, q.channel);
        return { netSales: k.netSales, receipts: k.receipts, items: k.items };
      };
      const todayHours = sumHours(perGroup.map((x) => x.cur));
      const lastWeekHours = sumHours(perGroup.map((x) => x.prev));
      const hq = daysAround(d.hqTimezone, t);
      const today = span(
        perGroup.map((x) => x.today),
        hq.today,
      );
      const lastWeek = span(
        perGroup.map((x) => x.lastWeek),
        hq.lastWeek,
      );
      const days = new Map(
        perGroup.map((x) => [
          x.timezone,
          { timezone: x.timezone, day: x.day, hours: localDayHours(x.day, x.timezone), lastWeekDay: x.lastWeekDay, lastWeekHours: localDayHours(x.lastWeekDay, x.timezone) },
        ]),
      );
      return {
        scope: scopeAnswer(q, q.channel, scope),
        currency: scope.currency,
        today: { from: iso(today.from), to: iso(today.to), source: combine(perGroup.map((x) => x.cur.source)) },
        lastWeek: { label: 'the same weekday last week, the whole day', from: iso(lastWeek.from), to: iso(lastWeek.to), source: combine(perGroup.map((x) => x.prev.source)) },
        days: [...days.values()],
        hours: todayHours.map((c, hour) => ({ hour, today: c === null ? null : sales(c), lastWeek: sales(lastWeekHours[hour] ?? emptyCounts()) })),
        generatedAt: iso(t),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
