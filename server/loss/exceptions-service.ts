import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { CashierBucket, CashierExceptionsAnswer, ExceptionFigures, ExceptionGroup, ExceptionsAnswer, ExceptionsSource } from '../../lib/loss/exception-answers';
import { addMetrics, avgItemValue, avgItemValueVsStore, emptyMetrics, METRIC_NAMES, ratesOf, type ExceptionMetrics } from '../../lib/loss/exception-metrics';
import { localDay, startOfLocalDay } from '../../lib/time/local-time';
import { liveCovers } from '../kpis/time-windows';
import type { ExceptionSource, GroupRow, StoreDays } from './exception-rows';
import type { CashierQuery, ExceptionsQuery } from './exceptions-query';

/**
 * The loss-prevention exception questions of the read API (issue 8): which stores and days a
 * question covers, which source answers each (Redis for periods that start within the last 9
 * days, ClickHouse before, or as forced: the KPI routes' rule, server/kpis/kpi-service.ts), and
 * every answer computed in one place from either source's rows, so both give the same numbers.
 * Who may ask is the route's business (loss-access.ts).
 */
export class LossQueryError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_PERIOD_DAYS = 93;

export interface ExceptionsServiceDeps {
  live: ExceptionSource;
  history: ExceptionSource;
  stores: () => Promise<Map<string, StoreInfo>>;
  hqTimezone: string;
  now?: () => number;
}

export interface Period {
  label: 'today' | 'range';
  fromDay: string;
  toDay: string;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The days asked: `from`..`to`, or today in `timezone`. */
export function periodOf(q: { from?: string; to?: string }, timezone: string, now: number): Period {
  if (q.from === undefined && q.to === undefined) {
    const today = localDay(now, timezone);
    return { label: 'today', fromDay: today, toDay: today };
  }
  if (q.from === undefined || q.to === undefined) throw new LossQueryError(400, q.from === undefined ? 'from' : 'to', 'give from and to together, or neither (today)');
  if (q.to < q.from) throw new LossQueryError(400, 'to', 'must not be before from');
  if (dayNumber(q.to) - dayNumber(q.from) + 1 > MAX_PERIOD_DAYS) throw new LossQueryError(400, 'to', `the period may cover at most ${MAX_PERIOD_DAYS} days`);
  return { label: 'range', fromDay: q.from, toDay: q.to };
}

/** Which source answers days from `fromDay` on in a timezone. */
export function sourceFor(choice: 'auto' | 'live' | 'history', fromDay: string, timezone: string, now: number): 'live' | 'history' {
  const covered = liveCovers(startOfLocalDay(fromDay, timezone), now);
  if (choice === 'live' && !covered) throw new LossQueryError(400, 'source', 'live covers only periods that start within the last 9 days; use source=history or auto');
  if (choice === 'auto') return covered ? 'live' : 'history';
  return choice;
}

export function figuresOf(m: ExceptionMetrics): ExceptionFigures {
  return { metrics: m, rates: ratesOf(m), avgItemValue: avgItemValue(m) };
}

const sourceOf = (used: Set<'live' | 'history'>): ExceptionsSource => (used.size === 2 ? 'mixed' : ([...used][0] ?? 'live'));
const nonZero = (m: ExceptionMetrics) => METRIC_NAMES.some((n) => m[n] !== 0);

export function createExceptionsService(d: ExceptionsServiceDeps) {
  const now = d.now ?? Date.now;

  return {
    async exceptions(q: ExceptionsQuery): Promise<ExceptionsAnswer> {
      const t = now();
      const all = await d.stores();
      let stores: StoreInfo[];
      if (q.storeId !== undefined) {
        const s = all.get(q.storeId);
        if (!s) throw new LossQueryError(404, 'storeId', `no store ${q.storeId} in the master data`);
        if (q.region !== undefined && s.region !== q.region) throw new LossQueryError(400, 'storeId', `store ${s.storeId} is not in region ${q.region}`);
        stores = [s];
      } else if (q.region !== undefined) {
        stores = [...all.values()].filter((s) => s.region === q.region);
        if (stores.length === 0) throw new LossQueryError(404, 'region', `no store in region ${q.region}`);
      } else stores = [...all.values()];

      const asked = new Map<'live' | 'history', StoreDays[]>([
        ['live', []],
        ['history', []],
      ]);
      let fromDay = '';
      let toDay = '';
      let label: Period['label'] = q.from === undefined && q.to === undefined ? 'today' : 'range';
      for (const s of stores) {
        const p = periodOf(q, s.timezone, t);
        label = p.label;
        asked.get(sourceFor(q.source, p.fromDay, s.timezone, t))!.push({ storeId: s.storeId, timezone: s.timezone, fromDay: p.fromDay, toDay: p.toDay });
        if (!fromDay || p.fromDay < fromDay) fromDay = p.fromDay;
        if (!toDay || p.toDay > toDay) toDay = p.toDay;
      }
      if (stores.length === 0) {
        const p = periodOf(q, d.hqTimezone, t);
        ({ fromDay, toDay, label } = p);
        if (q.source === 'live') sourceFor('live', fromDay, d.hqTimezone, t);
      }
      const used = new Set<'live' | 'history'>();
      const parts = await Promise.all(
        [...asked].map(([name, list]) => {
          if (list.length === 0) return [] as GroupRow[];
          used.add(name);
          return (name === 'live' ? d.live : d.history).storeRows(list);
        }),
      );

      // Sum the rows per group.
      const sums = new Map<string, { row: GroupRow; m: ExceptionMetrics }>();
      const sumOf = (level: GroupRow['level'], storeId: string, id: string) => {
        const k = `${level}|${storeId}|${id}`;
        let x = sums.get(k);
        if (!x) sums.set(k, (x = { row: { level, storeId, id, metrics: {} }, m: emptyMetrics() }));
        return x.m;
      };
      for (const r of parts.flat()) addMetrics(sumOf(r.level, r.storeId, r.id), r.metrics);
      // Every store of the scope, and the tills of its master data, even without events.
      for (const s of stores) {
        sumOf('store', s.storeId, '');
        if (q.groupBy === 'till') for (const till of s.tills) sumOf('till', s.storeId, till);
      }
      const storeAvg = new Map(stores.map((s) => [s.storeId, avgItemValue(sumOf('store', s.storeId, ''))]));

      const level = q.groupBy;
      const groups: ExceptionGroup[] = [...sums.values()]
        .filter((x) => x.row.level === level && (level !== 'cashier' || nonZero(x.m)))
        .map(({ row, m }) => {
          const f = figuresOf(m);
          return {
            storeId: row.storeId,
            tillId: level === 'till' ? row.id : null,
            cashierId: level === 'cashier' ? row.id : null,
            ...f,
            avgItemValueVsStore: level === 'store' ? null : avgItemValueVsStore(f.avgItemValue, storeAvg.get(row.storeId) ?? null),
          };
        })
        .sort((a, b) => (a.storeId !== b.storeId ? (a.storeId < b.storeId ? -1 : 1) : (a.tillId ?? a.cashierId ?? '') < (b.tillId ?? b.cashierId ?? '') ? -1 : 1));
      const total = emptyMetrics();
      for (const s of stores) addMetrics(total, sumOf('store', s.storeId, ''));
      const currencies = new Set(stores.map((s) => s.currency));
      return {
        groupBy: q.groupBy,
        scope: {
          level: q.storeId !== undefined ? 'store' : q.region !== undefined ? 'region' : 'chain',
          storeId: q.storeId ?? null,
          region: q.region ?? null,
          stores: stores.map((s) => s.storeId),
        },
        period: { label, from: fromDay, to: toDay },
        source: sourceOf(used),
        currency: currencies.size === 1 ? [...currencies][0]! : null,
        groups,
        total: figuresOf(total),
        generatedAt: new Date(t).toISOString(),
      };
    },

    async cashier(cashierId: string, q: CashierQuery): Promise<CashierExceptionsAnswer> {
      const t = now();
      const all = await d.stores();
      const timezone = (storeId: string) => all.get(storeId)?.timezone ?? d.hqTimezone;
      // Today is each store's own local day, as in the ranking: the days of every timezone are read, and each row kept on its store's.
      const timezones = [...new Set([d.hqTimezone, ...[...all.values()].map((s) => s.timezone)])];
      const today = q.from === undefined && q.to === undefined;
      const days = timezones.map((tz) => periodOf(q, tz, t));
      const p = { label: days[0]!.label, fromDay: days.reduce((m, x) => (x.fromDay < m ? x.fromDay : m), days[0]!.fromDay), toDay: days.reduce((m, x) => (x.toDay > m ? x.toDay : m), days[0]!.toDay) };
      const source = sourceFor(q.source, p.fromDay, d.hqTimezone, t);
      const rows = await (source === 'live' ? d.live : d.history).cashierRows(cashierId, p.fromDay, p.toDay, timezone);
      const buckets = new Map<string, { b: Omit<CashierBucket, keyof ExceptionFigures>; m: ExceptionMetrics }>();
      const total = emptyMetrics();
      for (const r of rows) {
        if (today ? r.day !== localDay(t, timezone(r.storeId)) : r.day < p.fromDay || r.day > p.toDay) continue;
        const b = q.bucket === 'shift' ? { day: r.day, storeId: r.storeId, tillId: r.tillId || null, shiftId: r.shiftId || null } : { day: r.day, storeId: r.storeId, tillId: null, shiftId: null };
        const k = [b.day, b.storeId, b.tillId ?? '', b.shiftId ?? ''].join('|');
        let x = buckets.get(k);
        if (!x) buckets.set(k, (x = { b, m: emptyMetrics() }));
        addMetrics(x.m, r.metrics);
        addMetrics(total, r.metrics);
      }
      const key = (b: Omit<CashierBucket, keyof ExceptionFigures>) => [b.day, b.storeId, b.tillId ?? '', b.shiftId ?? ''];
      const ordered = [...buckets.values()].filter((x) => nonZero(x.m)).sort((a, b) => {
        const ka = key(a.b);
        const kb = key(b.b);
        for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
        return 0;
      });
      return {
        cashierId,
        bucket: q.bucket,
        period: { label: p.label, from: p.fromDay, to: p.toDay },
        source,
        buckets: ordered.map(({ b, m }) => ({ ...b, ...figuresOf(m) })),
        total: figuresOf(total),
        generatedAt: new Date(t).toISOString(),
      };
    },
  };
}

export type ExceptionsService = ReturnType<typeof createExceptionsService>;

