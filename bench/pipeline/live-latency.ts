import kafkajs, { type Admin } from 'kafkajs';
import type { LiveDelta } from '../../lib/live/live-delta';
import { TOPICS } from '../../lib/topics';
import { percentile } from '../platform/measure';
import { groupProgress } from './group-lag';
import { liveSocket } from './live-client';
import { STAGES, VALIDATOR_TOPICS } from './catch-up';
import type { Workers } from './pipeline-workers';
import { cpuSnapshot, machineBusySeconds, otherLoad, ownCpuSeconds, treeCpuSeconds, type OtherLoad } from './process-stats';
import { benchTills, nextEvent, rng, type BenchTill } from './till-receipts';
import { validatedEnds, validatedTimestamps } from './validated-scan';

const { Kafka, logLevel, Partitioners } = kafkajs;

/** Bench tills per store and rate: 12 stores × 4 = 48 sources, each with its own seq from 1. */
export const TILLS_PER_STORE = 4;
const TICK_MS = 10;
/** Requests of at most this many events stay under the broker's message size limit. */
const MAX_PER_SEND = 2000;
/** Events not seen this long after production ended are reported as never seen. */
export const GRACE_MS = 10_000;

export interface Spread {
  n: number;
  p50Ms: number;
  p99Ms: number;
}

export interface RateFigures {
  rate: number;
  seconds: number;
  sources: number;
  sent: number;
  /** Events sent per second, as achieved by the producer. */
  sentPerSecond: number;
  seen: number;
  /** Sent but not in any delta within 10 s after production ended. */
  neverSeen: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** p99 over every event sent, those never seen counted as infinitely late (null then): what the target is checked on. */
  p99AllSentMs: number | null;
  deltas: number;
  /**
   * Where the time goes (wall clock, one machine): send → the validator's record in
   * events.validated (its timestamp) for every event; for the event a delta names as a
   * source's maxSeq: events.validated → the aggregator's batch (the source's arrivedAt),
   * → the delta's publishedAt, → received on the socket.
   */
  stages: Record<'toValidated' | 'validatedToAggregator' | 'aggregatorToPublished' | 'publishedToSocket', Spread>;
  /** Highest lag of each group sampled (every second) during the rate. */
  maxLag: Record<string, number>;
  /** CPU use of each process during production, in cores (1.0 = one core busy); also this process's and the machine's. */
  cpuCores: Record<string, number>;
  /** Processes this benchmark did not start, during production (noise). */
  otherProcesses: OtherLoad;
  /** Seconds waited before the rate for every group to be back at zero lag. */
  waitedForZeroLagS: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tracked {
  till: BenchTill;
  /** By seq − 1: send time (performance.now), the same in wall-clock ms, receive time (wall clock). */
  sentAt: number[];
  sentWall: number[];
  receivedWall: number[];
  /** For the seqs a delta named as maxSeq: the aggregator's arrivedAt and the delta's publishedAt. */
  named: { seq: number; arrivedAt: number; publishedAt: number; receivedWall: number }[];
  seenUpTo: number;
}

/**
 * End-to-end latency: an idempotent producer (acks -1) writes complete receipts of fresh
 * bench tills to pos.events at a fixed rate, stamping each event with the time it is sent;
 * the `live:delta` of the store's room that first reports a source's maxSeq at or past an
 * event's seq gives that event's latency (receive time − send time). One pass per rate;
 * each rate's figures are appended to `results` as soon as they are measured.
 */
export async function measureLatency(o: {
  brokers: string[];
  admin: Admin;
  workers: Workers;
  cookie: string;
  stores: string[];
  skus: string[];
  rates: number[];
  seconds: number;
  infraPids: Record<string, number | undefined>;
  log: (line: string) => void;
  results: RateFigures[];
}): Promise<void> {
  const tracked = new Map<string, Tracked>();
  const latencies: number[] = [];
  let deltas = 0;
  const onDelta = (d: LiveDelta, receivedAt: number) => {
    deltas += 1;
    const wall = Date.now();
    for (const s of d.sources) {
      const t = tracked.get(s.source);
      if (!t) continue;
      const upTo = Math.min(s.maxSeq, t.sentAt.length);
      if (upTo <= t.seenUpTo) continue;
      for (let seq = t.seenUpTo + 1; seq <= upTo; seq++) {
        latencies.push(receivedAt - t.sentAt[seq - 1]!);
        t.receivedWall[seq - 1] = wall;
      }
      t.seenUpTo = upTo;
      if (s.maxSeq === upTo) t.named.push({ seq: upTo, arrivedAt: s.arrivedAt, publishedAt: d.publishedAt, receivedWall: wall });
    }
  };
  const socket = await liveSocket(o.workers.url, o.cookie, o.stores, onDelta);
  const producer = new Kafka({ clientId: 'bench-pipeline-latency', brokers: o.brokers, logLevel: logLevel.NOTHING }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (const [i, rate] of o.rates.entries()) {
      const dead = o.workers.died();
      if (dead) throw new Error(`a pipeline process died: ${dead}`);
      tracked.clear();
      latencies.length = 0;
      deltas = 0;
      const tills = benchTills(`${i + 1}R${rate}`, o.stores, TILLS_PER_STORE);
      for (const till of tills) tracked.set(till.source, { till, sentAt: [], sentWall: [], receivedWall: [], named: [], seenUpTo: 0 });
      const random = rng(1000 + i);
      const waitedForZeroLagS = await waitForZeroLag(o.admin, 180_000);
      const validatedFrom = await validatedEnds(o.admin);
      const cpu0 = cpuByProcess(o.workers, o.infraPids);
      const snapshot0 = cpuSnapshot();

      // Group lag, sampled every second while producing and until the end of the grace period.
      const maxLag: Record<string, number> = Object.fromEntries(STAGES.map((s) => [s.group, 0]));
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          for (const s of STAGES) {
            const topics = s.stage === 'validator' ? VALIDATOR_TOPICS : [TOPICS.eventsValidated.name];
            const p = await groupProgress(o.admin, s.group, topics).catch(() => undefined);
            if (p) maxLag[s.group] = Math.max(maxLag[s.group]!, p.lag);
          }
          await sleep(1000);
        }
      })();

      let sent = 0;
      let cursor = 0;
      const t0 = performance.now();
      let nextTick = t0;
      for (;;) {
        const now = performance.now();
        const elapsed = now - t0;
        if (elapsed >= o.seconds * 1000) break;
        // At most 50 ms worth per send: a producer that cannot keep up sends less (reported), never a burst.
        const due = Math.min(Math.floor((rate * elapsed) / 1000) - sent, Math.ceil(rate / 20));
        if (due > 0) {
          const wall = Date.now();
          const messages = [];
          for (let k = 0; k < due; k++) {
            const till = tills[cursor++ % tills.length]!;
            const m = nextEvent(till, o.skus, random, wall);
            const t = tracked.get(till.source)!;
            t.sentAt.push(now);
            t.sentWall.push(wall);
            messages.push({ key: m.key, value: m.value });
          }
          for (let k = 0; k < messages.length; k += MAX_PER_SEND) {
            await producer.send({ topic: TOPICS.posEvents.name, acks: -1, messages: messages.slice(k, k + MAX_PER_SEND) });
          }
          sent += due;
        }
        nextTick += TICK_MS;
        await sleep(Math.max(0, nextTick - performance.now()));
      }
      const producedMs = performance.now() - t0;
      const cpu1 = cpuByProcess(o.workers, o.infraPids);
      const otherProcesses = otherLoad(snapshot0, cpuSnapshot(), producedMs / 1000);
      const until = performance.now() + GRACE_MS;
      const unseen = () => [...tracked.values()].reduce((n, t) => n + (t.sentAt.length - t.seenUpTo), 0);
      while (unseen() > 0 && performance.now() < until) await sleep(50);
      sampling = false;
      await sampler;

      const validatedAt = await validatedTimestamps({
        brokers: o.brokers,
        admin: o.admin,
        from: validatedFrom,
        to: await validatedEnds(o.admin),
        wanted: (source) => tracked.has(source),
        timeoutMs: 120_000,
      });
      const toValidated: number[] = [];
      const validatedToAggregator: number[] = [];
      const aggregatorToPublished: number[] = [];
      const publishedToSocket: number[] = [];
      for (const [source, t] of tracked) {
        const v = validatedAt.get(source);
        t.sentWall.forEach((wall, i) => {
          const ts = v?.get(i + 1);
          if (ts !== undefined) toValidated.push(ts - wall);
        });
        for (const n of t.named) {
          const ts = v?.get(n.seq);
          if (ts !== undefined) validatedToAggregator.push(n.arrivedAt - ts);
          aggregatorToPublished.push(n.publishedAt - n.arrivedAt);
          publishedToSocket.push(n.receivedWall - n.publishedAt);
        }
      }

      latencies.sort((a, b) => a - b);
      const r: RateFigures = {
        rate,
        seconds: Math.round(producedMs / 100) / 10,
        sources: tills.length,
        sent,
        sentPerSecond: Math.round((sent / producedMs) * 1000),
        seen: latencies.length,
        neverSeen: unseen(),
        p50Ms: round1(percentile(latencies, 50)),
        p99Ms: round1(percentile(latencies, 99)),
        p999Ms: round1(percentile(latencies, 99.9)),
        maxMs: round1(latencies.at(-1) ?? NaN),
        p99AllSentMs: p99AllSent(latencies, unseen()),
        deltas,
        stages: {
          toValidated: spread(toValidated),
          validatedToAggregator: spread(validatedToAggregator),
          aggregatorToPublished: spread(aggregatorToPublished),
          publishedToSocket: spread(publishedToSocket),
        },
        maxLag,
        otherProcesses,
        waitedForZeroLagS,
        cpuCores: cores(cpu0, cpu1, producedMs / 1000),
      };
      o.results.push(r);
      const st = r.stages;
      o.log(
        `  ${rate}/s: sent ${sent} (${r.sentPerSecond}/s), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, p99.9 ${r.p999Ms} ms, never seen ${r.neverSeen}; ` +
          `p50/p99 → validated ${st.toValidated.p50Ms}/${st.toValidated.p99Ms}, → aggregator ${st.validatedToAggregator.p50Ms}/${st.validatedToAggregator.p99Ms}, ` +
          `→ published ${st.aggregatorToPublished.p50Ms}/${st.aggregatorToPublished.p99Ms}, → socket ${st.publishedToSocket.p50Ms}/${st.publishedToSocket.p99Ms} ms`,
      );
      await sleep(2000);
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
    socket.disconnect();
  }
}

function cpuByProcess(workers: Workers, infraPids: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of workers.all) out[w.roles] = treeCpuSeconds(w.pid);
  for (const [name, pid] of Object.entries(infraPids)) if (pid) out[name] = treeCpuSeconds(pid);
  out['bench (producer, socket)'] = ownCpuSeconds();
  out[MACHINE] = machineBusySeconds();
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

const MACHINE = 'machine (all processes)';

/** Cores used by each between two readings. */
function cores(before: Record<string, number>, after: Record<string, number>, seconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(before)) out[k] = Math.round(((after[k]! - before[k]!) / seconds) * 100) / 100;
  return out;
}

/** Waits (bounded) until every group is at zero lag, so that a rate starts on an idle pipeline; returns the seconds waited. */
async function waitForZeroLag(admin: Admin, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    let lag = 0;
    for (const s of STAGES) lag += (await groupProgress(admin, s.group, s.stage === 'validator' ? VALIDATOR_TOPICS : [TOPICS.eventsValidated.name])).lag;
    if (lag === 0) break;
    await sleep(500);
  }
  return round1((performance.now() - t0) / 1000);
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: round1(percentile(sorted, 50)), p99Ms: round1(percentile(sorted, 99)) };
}

/** p99 of the sorted latencies with `unseen` more events appended as infinitely late; null when it falls on one of those. */
function p99AllSent(sorted: number[], unseen: number): number | null {
  const n = sorted.length + unseen;
  if (n === 0) return null;
  const idx = Math.max(0, Math.min(n - 1, Math.ceil(0.99 * n) - 1));
  return idx < sorted.length ? round1(sorted[idx]!) : null;
}
