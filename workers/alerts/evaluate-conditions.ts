import type { Redis } from 'ioredis';
import { dedupeKeyOf, type Alert, type AlertKind, type AlertSubject } from '../../lib/alerts/alert-model';
import type { AlertStore } from '../../lib/alerts/alert-store';
import { chainThresholds, createThresholdStore, thresholdsFor } from '../../lib/alerts/alert-thresholds';
import { kpisOf, sumMinutes } from '../../lib/kpis/compute-kpis';
import { readStoreStates } from '../../lib/kpis/read-store-states';
import { readLiveMinutes } from '../../lib/live/live-counts';
import type { PartitionLag } from '../../lib/ops/ops-types';
import { redisKeys } from '../../lib/redis-keys';
import { readStores } from '../../lib/stores/read-stores';
import { MINUTE_MS, sameWallClockWeeksBefore } from '../../lib/time/local-time';
import { localHourOf, offlineVerdict, revenueVerdict, silentPastLimit, USUAL_SILENCE_WINDOW_MS, usualSilenceMs, type Verdict } from './condition-rules';
import { consumerLagVerdict, dlqRateVerdict, DLQ_WINDOW_MINUTES, type DlqMinute } from './pipeline-rules';
import { ageGaps, tillGapVerdict, type AgedGap } from './till-gap-rule';

/** How often the condition rules run in the alerts role (ALERTS_EVALUATE_EVERY_MS overrides it). */
export const EVALUATE_EVERY_MS = 30_000;

/** Whether the open alert and what the rule raised now are one episode (else the open one resolves and the new one opens). */
type SameEpisode = (open: Alert, raisedId: string) => boolean;
const whileItHolds: SameEpisode = () => true;
const sameId: SameEpisode = (open, id) => open.id === id;

/**
 * One evaluation of the condition rules, from Redis (the validator's stores, the aggregator's
 * sources, gaps and minute counts, the DLQ monitor's counts, the thresholds) and Kafka (consumer
 * lag, when `readLag` is given): raises what holds, resolves (`auto`) what no longer does.
 * Returns the alerts it changed.
 */
export function createConditionEvaluator(d: { redis: Redis; alerts: AlertStore; readLag?: () => Promise<PartitionLag[]>; now?: () => number }) {
  const now = d.now ?? Date.now;
  const thresholds = createThresholdStore(d.redis);

  async function settle(kind: AlertKind, subject: AlertSubject, v: Verdict, at: number, changed: Alert[], same: SameEpisode = whileItHolds): Promise<void> {
    const key = dedupeKeyOf(kind, subject);
    const open = await d.alerts.open(key);
    if (open && v.holds && same(open, v.raised.id)) {
      // Still the same episode; graver now (e.g. lagging, then silent): the same alert escalates.
      const graver = await d.alerts.escalate(v.raised);
      if (graver) changed.push(graver);
      return;
    }
    if (open) {
      const done = await d.alerts.clear(key, at);
      if (done) changed.push(done);
    }
    if (v.holds) {
      const raised = await d.alerts.upsert(v.raised, null);
      if (raised) changed.push(raised);
    }
  }

  /** Net sales of a store between two instants in its currency's major unit (the minute counts are in cents, kept 10 days). */
  async function netSales(storeId: string, timezone: string, from: number, to: number): Promise<number> {
    return kpisOf(sumMinutes((await readLiveMinutes(d.redis, `loc:${storeId}`, [timezone], from, to)).values()), 'all').netSales / 100;
  }

  /** The store's usual quiet around this time a week before (condition-rules.ts `usualSilenceMs`), from the minute counts (kept 10 days). */
  async function usualSilence(storeId: string, timezone: string, at: number): Promise<number> {
    const weekAgo = sameWallClockWeeksBefore(at, timezone);
    const from = Math.floor((weekAgo - USUAL_SILENCE_WINDOW_MS) / MINUTE_MS) * MINUTE_MS;
    const to = from + 2 * USUAL_SILENCE_WINDOW_MS;
    const minutes = await readLiveMinutes(d.redis, `loc:${storeId}`, [timezone], from, to);
    const active = [...minutes].filter(([, c]) => [c.gross, c.receipts, c.refundCount, c.postVoidCount, c.lineVoids, c.receiptVoids].some((v) => v !== 0)).map(([m]) => m);
    return usualSilenceMs(active, from, to);
  }

  async function readGapAges(): Promise<Map<string, AgedGap[]>> {
    const h = await d.redis.hgetall(redisKeys.alertGapAges());
    return new Map(Object.entries(h).map(([source, j]) => [source, JSON.parse(j) as AgedGap[]]));
  }

  async function readDlqMinutes(at: number): Promise<DlqMinute[]> {
    const current = Math.floor(at / MINUTE_MS);
    const p = d.redis.pipeline();
    for (let m = current - DLQ_WINDOW_MINUTES; m < current; m++) p.hgetall(redisKeys.dlqMinute(m));
    return ((await p.exec()) ?? []).map(([err, h]) => {
      if (err) throw err;
      return Object.fromEntries(Object.entries(h as Record<string, string>).map(([k, v]) => [k, Number(v)]));
    });
  }

  /** The open alerts of a kind (their dedupe keys' subjects), so that one whose subject is gone still resolves. */
  async function openOfKind(kind: AlertKind): Promise<Alert[]> {
    const keys = (await d.redis.hkeys(redisKeys.alertsOpen())).filter((k) => k.startsWith(`${kind}|`));
    return (await Promise.all(keys.map((k) => d.alerts.open(k)))).filter((a): a is Alert => a !== null);
  }

  async function evaluateStores(at: number, all: Awaited<ReturnType<typeof thresholds.readAll>>, changed: Alert[]): Promise<void> {
    const stores = await readStores(d.redis);
    const states = await readStoreStates(d.redis, [...stores.values()], at);
    const before = await readGapAges();
    const ages = new Map<string, AgedGap[]>();
    for (const s of states) {
      const t = thresholdsFor(all, s);
      const usual = silentPastLimit(s, t) ? await usualSilence(s.storeId, s.timezone, at) : 0;
      await settle('store_offline', { storeId: s.storeId }, offlineVerdict(s, t, usual), at, changed);
      let revenue = 0;
      let lastWeek: number | null = null;
      if (t.revenueBelowPerHour > 0 || t.revenueBelowPctOfLastWeek > 0) {
        const { hourStart } = localHourOf(at, s.timezone);
        revenue = await netSales(s.storeId, s.timezone, hourStart, at + 1);
        if (t.revenueBelowPctOfLastWeek > 0) lastWeek = await netSales(s.storeId, s.timezone, sameWallClockWeeksBefore(hourStart, s.timezone), sameWallClockWeeksBefore(at, s.timezone) + 1);
      }
      await settle('revenue_below', { storeId: s.storeId }, revenueVerdict(s, t, revenue, at, lastWeek), at, changed, sameId);
      for (const src of s.sources) {
        const aged = ageGaps(before.get(src.source) ?? [], src.gaps, at);
        if (aged.length) ages.set(src.source, aged);
        await settle('till_gap', { storeId: s.storeId, tillId: src.source }, tillGapVerdict(s.storeId, src, aged, t, at), at, changed);
      }
    }
    const p = d.redis.multi().del(redisKeys.alertGapAges());
    if (ages.size) p.hset(redisKeys.alertGapAges(), Object.fromEntries([...ages].map(([k, v]) => [k, JSON.stringify(v)])));
    await p.exec();
  }

  async function evaluatePipeline(at: number, all: Awaited<ReturnType<typeof thresholds.readAll>>, changed: Alert[]): Promise<void> {
    const t = chainThresholds(all);
    await settle('dlq_rate', {}, dlqRateVerdict(await readDlqMinutes(at), t, at), at, changed);
    if (!d.readLag) return;
    const byGroup = new Map<string, PartitionLag[]>();
    for (const p of await d.readLag()) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
    for (const open of await openOfKind('consumer_lag')) if (open.subject.groupId && !byGroup.has(open.subject.groupId)) byGroup.set(open.subject.groupId, []);
    for (const [group, partitions] of byGroup) await settle('consumer_lag', { groupId: group }, consumerLagVerdict(group, partitions, t, at), at, changed);
  }

  return async function evaluate(): Promise<Alert[]> {
    const at = now();
    const all = await thresholds.readAll();
    const changed: Alert[] = [];
    await evaluateStores(at, all, changed);
    await evaluatePipeline(at, all, changed);
    return changed;
  };
}
