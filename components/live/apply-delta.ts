import { kpisOf, netSalesChange, pointOf, type Channel } from '@/lib/kpis/compute-kpis';
import type { KpiAnswer, SeriesAnswer } from '@/lib/kpis/kpi-answers';
import type { SourceState, StoresAnswer } from '@/lib/kpis/store-answers';
import { storeStateOf } from '@/lib/kpis/store-status';
import type { LiveDelta, SourceFreshness } from '@/lib/live/live-delta';
import { emptyCounts, type MinuteCounts } from '@/lib/live/minute-counts';

const MINUTE_MS = 60_000;

/**
 * How a live delta (lib/live/live-delta.ts: absolute counts, never increments) changes the
 * snapshots the pages hold, with the API's own arithmetic (lib/kpis/compute-kpis.ts), so a
 * page after a delta shows what the API would answer at that moment.
 */

/**
 * A delta read before the snapshot was (a slow relay, a busy tab) would take the snapshot
 * back in time: it is skipped. Both times come from the servers' clocks: `publishedAt` is
 * taken before the aggregator reads the values it sends, `generatedAt` before the API reads
 * its answer. An applied delta moves the snapshot's time on, so older ones after it are
 * skipped too.
 */
export const isStale = (answer: { generatedAt: string }, delta: Pick<LiveDelta, 'publishedAt'>) => delta.publishedAt < Date.parse(answer.generatedAt);
const stamped = (delta: Pick<LiveDelta, 'publishedAt'>) => new Date(delta.publishedAt).toISOString();

/** Today's KPIs of the delta's room, in the query's channel; the week-earlier comparison stays the snapshot's. */
export function applyToday(answer: KpiAnswer, delta: Pick<LiveDelta, 'today' | 'publishedAt'>, channel: Channel): KpiAnswer {
  if (isStale(answer, delta)) return answer;
  const kpis = kpisOf(delta.today, channel);
  return { ...answer, kpis, comparison: { ...answer.comparison, ...netSalesChange(kpis, answer.comparison.kpis) }, generatedAt: stamped(delta) };
}

/**
 * The last-60-minutes series: slid forward to the minute the delta was published in (new
 * minutes start empty), then each changed minute still in the window set to its new counts.
 * The servers' clock, as the snapshot's window: the browser's may be minutes off, which would
 * drop the newest minute (behind) or show minutes that have not begun (ahead).
 */
export function applyMinutes(series: SeriesAnswer, delta: Pick<LiveDelta, 'minutes' | 'publishedAt'>, channel: Channel): SeriesAnswer {
  const width = series.points.length;
  if (width === 0 || isStale(series, delta)) return series;
  const minutes = delta.minutes;
  const oldFrom = Date.parse(series.from);
  const from = Math.max(oldFrom, Math.floor(delta.publishedAt / MINUTE_MS) * MINUTE_MS - (width - 1) * MINUTE_MS);
  const byMinute = new Map(series.points.map((p) => [Date.parse(p.minute), p]));
  for (const m of minutes) if (m.minute >= from && m.minute < from + width * MINUTE_MS) byMinute.set(m.minute, pointOf(m.minute, m.counts, channel));
  const points = [];
  for (let i = 0, m = from; i < width; i++, m += MINUTE_MS) points.push(byMinute.get(m) ?? pointOf(m, ZERO, channel));
  return { ...series, from: new Date(from).toISOString(), to: new Date(from + width * MINUTE_MS).toISOString(), points, generatedAt: stamped(delta) };
}

const ZERO: MinuteCounts = emptyCounts();

/** The stores' freshness with the delta's moved sources folded in (gaps stay the snapshot's until the next one). */
export function applySources(answer: StoresAnswer, delta: Pick<LiveDelta, 'sources' | 'publishedAt'>, now: number): StoresAnswer {
  const sources: SourceFreshness[] = delta.sources;
  if (sources.length === 0 || isStale(answer, delta)) return answer;
  const byStore = new Map<string, SourceFreshness[]>();
  for (const s of sources) byStore.set(s.storeId, [...(byStore.get(s.storeId) ?? []), s]);
  return {
    ...answer,
    stores: answer.stores.map((store) => {
      const moved = byStore.get(store.storeId);
      if (!moved) return store;
      const list = new Map<string, SourceState>(store.sources.map((s) => [s.source, s]));
      for (const f of moved) {
        const old = list.get(f.source);
        // The aggregator sets a source's lag only when its highest seq moves (workers/aggregator/plan-batch.ts):
        // a batch that only fills a gap late, or repeats, leaves it as it was, and so does the page.
        const seqMoved = !old || old.maxSeq !== f.maxSeq;
        list.set(f.source, {
          source: f.source,
          maxSeq: f.maxSeq,
          lastEventAt: new Date(f.lastOccurredAt).toISOString(),
          lastArrivalAt: new Date(f.arrivedAt).toISOString(),
          lagMs: seqMoved ? Math.max(0, f.arrivedAt - f.lastOccurredAt) : old.lagMs,
          missing: f.missing,
          gaps: f.missing === 0 ? [] : (old?.gaps ?? []),
        });
      }
      const info = { storeId: store.storeId, name: store.name, region: store.region, timezone: store.timezone, currency: store.currency, tills: store.tills };
      return storeStateOf(info, [...list.values()].sort((a, b) => a.source.localeCompare(b.source)), now);
    }),
    generatedAt: stamped(delta),
  };
}
