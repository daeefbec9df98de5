import type { Principal } from '../auth/principal';
import { kpisOf, netSalesChange, pointOf, sumMinutes, type MinutePoint } from './compute-kpis';
import { addCounts, emptyCounts, type MinuteCounts, type MinuteSource, type ScopeGroup } from './kpi-types';
import type { KpiQuery } from './kpi-query';
import type { KpiAnswer, ScopeAnswer, SeriesAnswer } from '../../lib/kpis/kpi-answers';
import { resolveScope, ScopeError, type ResolvedScope } from './resolve-scope';
import type { StoreInfo } from './store-directory';
import { floorMinute, liveCovers, sameTimeLastWeekIn, todayIn, type Window } from './time-windows';
import { MINUTE_MS } from '../../lib/time/local-time';

export interface KpiServiceDeps {
  live: MinuteSource;
  history: MinuteSource;
  stores: () => Promise<Map<string, StoreInfo>>;
  hqTimezone: string;
  now?: () => number;
}

type SourceChoice = 'auto' | 'live' | 'history';
const MAX_KPI_RANGE_MS = 93 * 86_400_000;
const MAX_SERIES_MINUTES = 3 * 1440;

export type { KpiAnswer, ScopeAnswer, SeriesAnswer } from '../../lib/kpis/kpi-answers';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The KPI questions of the read API (issue 5): one scope (resolved and checked against
 * the principal), its minutes from Redis or ClickHouse (by range, or as forced), and the
 * KPIs computed from them in one place (compute-kpis.ts), so either source gives the
 * same numbers.
 */
export function createKpiService(d: KpiServiceDeps) {
  const now = d.now ?? Date.now;

  /** Each group's minutes in its own window, summed per minute; and which sources answered. */
  async function minutesOf(groups: ScopeGroup[], windowOf: (g: ScopeGroup) => Window, choice: SourceChoice, t: number) {
    const used = new Set<'live' | 'history'>();
    const parts = await Promise.all(
      groups.map((g) => {
        const w = windowOf(g);
        const live = choice === 'live' || (choice === 'auto' && liveCovers(w.from, t));
        if (choice === 'live' && !liveCovers(w.from, t)) throw new ScopeError(400, 'source: live covers only the last 9 days; use source=history or auto');
        const src = live ? d.live : d.history;
        used.add(src.name);
        return src.perMinute(g, w.from, w.to);
      }),
    );
    const out = new Map<number, MinuteCounts>();
    for (const p of parts) {
      for (const [m, c] of p) {
        let x = out.get(m);
        if (!x) out.set(m, (x = emptyCounts()));
        addCounts(x, c);
      }
    }
    return { minutes: out, source: used.size === 2 ? ('mixed' as const) : ([...used][0] ?? ('live' as const)) };
  }

  function explicitWindow(q: { from?: string; to?: string }, defaults: () => Window, maxMs: number): Window {
    if ((q.from === undefined) !== (q.to === undefined)) throw new ScopeError(400, `${q.from === undefined ? 'from' : 'to'}: give from and to together, or neither`);
    if (q.from === undefined || q.to === undefined) return defaults();
    const w = { from: floorMinute(Date.parse(q.from)), to: floorMinute(Date.parse(q.to)) };
    if (w.to <= w.from) throw new ScopeError(400, 'to: must be at least one minute after from');
    if (w.to - w.from > maxMs) throw new ScopeError(400, `to: the range may cover at most ${Math.round(maxMs / 60_000)} minutes`);
    return w;
  }

  const scopeAnswer = (q: KpiQuery, s: ResolvedScope): ScopeAnswer => ({ level: s.level, storeId: q.storeId ?? null, region: q.region ?? null, channel: q.channel, stores: s.stores });

  return {
    /** Each group's minutes in its own window from the source the range calls for (the dashboard routes build on it). */
    minutesOf,

    async kpis(p: Principal, q: KpiQuery): Promise<KpiAnswer> {
      const t = now();
      const scope = resolveScope(q, p, await d.stores(), d.hqTimezone);
      const fixed = q.from !== undefined || q.to !== undefined ? explicitWindow(q, () => ({ from: 0, to: 0 }), MAX_KPI_RANGE_MS) : undefined;
      const windowOf = (g: ScopeGroup) => fixed ?? todayIn(g.timezone, t);
      const compareOf = (g: ScopeGroup) => (fixed ? { from: fixed.from - 7 * 86_400_000, to: fixed.to - 7 * 86_400_000 } : sameTimeLastWeekIn(g.timezone, t));
      // `source` forces where the asked range is read; the week-earlier comparison may lie
      // outside the live window, so with source=live it is read wherever it is (auto).
      const compareChoice = q.source === 'live' ? 'auto' : q.source;
      const [cur, prev] = await Promise.all([minutesOf(scope.groups, windowOf, q.source, t), minutesOf(scope.groups, compareOf, compareChoice, t)]);
      const kpis = kpisOf(sumMinutes(cur.minutes.values()), q.channel);
      const before = kpisOf(sumMinutes(prev.minutes.values()), q.channel);
      const span = (f: (g: ScopeGroup) => Window) => {
        const ws = scope.groups.map(f);
        return ws.length ? { from: Math.min(...ws.map((w) => w.from)), to: Math.max(...ws.map((w) => w.to)) } : (fixed ?? todayIn(d.hqTimezone, t));
      };
      const w = span(windowOf);
      const c = span(compareOf);
      return {
        scope: scopeAnswer(q, scope),
        period: fixed ? 'range' : 'today',
        from: iso(w.from),
        to: iso(w.to),
        source: cur.source,
        currency: scope.currency,
        kpis,
        comparison: {
          label: fixed ? 'the same range a week earlier' : 'the same weekday last week, up to the same time of day',
          from: iso(c.from),
          to: iso(c.to),
          source: prev.source,
          kpis: before,
          ...netSalesChange(kpis, before),
        },
        generatedAt: iso(t),
      };
    },

    async perMinute(p: Principal, q: KpiQuery): Promise<SeriesAnswer> {
      const t = now();
      const scope = resolveScope(q, p, await d.stores(), d.hqTimezone);
      const w = explicitWindow(q, () => ({ from: floorMinute(t) - 59 * MINUTE_MS, to: floorMinute(t) + MINUTE_MS }), MAX_SERIES_MINUTES * MINUTE_MS);
      const { minutes, source } = await minutesOf(scope.groups, () => w, q.source, t);
      const points: MinutePoint[] = [];
      for (let m = w.from; m < w.to; m += MINUTE_MS) points.push(pointOf(m, minutes.get(m) ?? emptyCounts(), q.channel));
      return { scope: scopeAnswer(q, scope), from: iso(w.from), to: iso(w.to), source, currency: scope.currency, points, generatedAt: iso(t) };
    },
  };
}

export type KpiService = ReturnType<typeof createKpiService>;
