/**
 * `npm run bench:pipeline [-- --events N --rates A,B,C --seconds S --cpu-prof]`: the whole
 * pipeline (validator → events.validated → aggregator + sink, web + Socket.IO) against a
 * throwaway Kafka and Redis on free ports in a temp dir, each role in its own process through
 * server/main.ts. Phases: preload with the simulator, Kafka's own ConsumerPerformance as the
 * ceiling, time to zero lag, then end-to-end latency at fixed rates to a signed-in socket.
 * Prints a table and writes bench/results/pipeline-<date>.json. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import { loadConfig } from '../../lib/config/load-config';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { createLocalInfra, type LocalInfra } from '../../infra/local-infra';
import { KAFKA_VERSION } from '../../infra/kafka/kafka-version.mjs';
import { ROOT } from '../../test/tillstream-process';
import type { BenchRow } from '../platform/platform-bench';
import { parseBenchOptions, USAGE } from './bench-options';
import { measureCatchUp, type CatchUpResult } from './catch-up';
import { consumerPerformance, type ConsumerPerformanceResult } from './consumer-performance';
import { GRACE_MS, measureLatency, TILLS_PER_STORE, type RateFigures } from './live-latency';
import { signIn } from './live-client';
import { preload, PRELOAD_STORES, type PreloadResult } from './preload';
import { startWorkers, type Workers } from './pipeline-workers';
import { machineBusySeconds, memoryMb, sampleMemory, type MemoryFigures, type OtherLoad } from './process-stats';
import { checkTargets } from './targets';
import { assertContract } from './till-receipts';

const CATCH_UP_TIMEOUT_MS = 15 * 60_000;
const QUIET_CORES = 0.3;
const QUIET_WAIT_MS = 120_000;

let opts: ReturnType<typeof parseBenchOptions>;
try {
  opts = parseBenchOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench:pipeline: ${(err as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en'));
const date = new Date().toISOString().slice(0, 10);
const command = ['npm run bench:pipeline', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const cpuProfDir = opts.cpuProf ? path.join(ROOT, 'bench', 'results', 'profiles', date) : undefined;
const log = createLogger({ level: 'warn', pretty: false });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillstream-bench-pipeline-'));

let infra: LocalInfra | undefined;
let admin: Admin | undefined;
let workers: Workers | undefined;
let memorySampler: ReturnType<typeof sampleMemory> | undefined;
let stops: { roles: string; how: string }[] = [];
let cleaning: Promise<void> | undefined;

/** Stops what was started, in order, once: the workers (SIGTERM, SIGKILL after 20 s), the admin client, Kafka and Redis, the temp dir. */
const cleanup = () =>
  (cleaning ??= (async () => {
    readMemory();
    if (workers) stops = await workers.stop();
    await admin?.disconnect().catch(() => undefined);
    await infra?.stop().catch((err: Error) => say(`infra stop failed: ${err.message}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  })());

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    say(`\n${sig}: stopping everything the benchmark started…`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface Figures {
  preload?: PreloadResult;
  consumerPerformance?: ConsumerPerformanceResult;
  catchUp?: CatchUpResult;
  latency?: RateFigures[];
  memory?: Record<string, (MemoryFigures & { peakAnonMb?: number; fileMbAtPeak?: number }) | undefined>;
  redisVersion?: string;
  /** The machine's busy cores over 3 s before anything started: other users' load. */
  busyBeforeCores?: number;
  kafkaHeapMb?: number;
  error?: string;
}
const figures: Figures = {};

async function run(): Promise<void> {
  say(`${command}\nmachine: ${machine.cpus} cores ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}; data in ${dataDir}\n`);
  // Other users' load (tests on the same machine) lowers every figure: wait up to 2 minutes for a quiet machine.
  const waitFrom = performance.now();
  for (;;) {
    const busy0 = machineBusySeconds();
    await new Promise((r) => setTimeout(r, 3000));
    figures.busyBeforeCores = Math.round(((machineBusySeconds() - busy0) / 3) * 100) / 100;
    if (figures.busyBeforeCores <= QUIET_CORES || performance.now() - waitFrom > QUIET_WAIT_MS) break;
    say(`0. The machine is busy (${figures.busyBeforeCores} of ${machine.cpus} cores): waiting for it to be quiet…`);
  }
  say(`0. Machine busy before the start: ${figures.busyBeforeCores} of ${machine.cpus} cores${figures.busyBeforeCores > QUIET_CORES ? ' (NOT quiet: other processes run; the figures will be lower)' : ''}`);
  const config = loadConfig({
    DATA_DIR: path.join(dataDir, 'infra'),
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    REDIS_PORT: String(await freePort()),
  });
  figures.kafkaHeapMb = config.KAFKA_HEAP_MB;
  infra = await createLocalInfra(config, log);
  say('1. Kafka and Redis: starting on free ports, provisioning the topics');
  await infra.start();
  const brokers = infra.endpoints.kafkaBrokers;
  const redisUrl = infra.endpoints.redisUrl;
  admin = createKafka({ brokers, clientId: 'bench-pipeline', log }).admin();
  await admin.connect();
  const infraPids = { kafka: infra.processes.kafka?.pid, redis: infra.processes.redis?.pid };

  say(`2. Preload: the simulator, ~${fmt(opts.events)} events`);
  figures.preload = await preload({ root: ROOT, brokers, dataDir: path.join(dataDir, 'simulator'), events: opts.events, admin, timeoutMs: 15 * 60_000 });
  say(`   ${fmt(figures.preload.events)} events in ${figures.preload.seconds.toFixed(1)} s (${figures.preload.hours} h of ${PRELOAD_STORES} stores from ${figures.preload.start})`);

  const posEvents = figures.preload.byTopic[TOPICS.posEvents.name]!;
  say(`3. Kafka ConsumerPerformance on ${TOPICS.posEvents.name} (${fmt(posEvents)} records)`);
  figures.consumerPerformance = await consumerPerformance(brokers, TOPICS.posEvents.name, posEvents, 5 * 60_000);
  say(`   ${fmt(Math.round(figures.consumerPerformance.recordsPerSecond))} records/s, ${figures.consumerPerformance.mbPerSecond.toFixed(1)} MB/s`);

  say('4. Pipeline: ROLES=validator, ROLES=aggregator, ROLES=web,sink until every group has zero lag');
  const startedAt = performance.now();
  workers = startWorkers({ brokers, redisUrl, dataDir: path.join(dataDir, 'workers'), port: await freePort(), cpuProfDir });
  memorySampler = sampleMemory(Object.fromEntries(workers.all.map((w) => [w.roles, w.pid])));
  figures.catchUp = await measureCatchUp({ admin, workers, startedAt, inputByTopic: figures.preload.byTopic, infraPids, timeoutMs: CATCH_UP_TIMEOUT_MS, onTick: say });
  const c = figures.catchUp;
  if (!c.done) {
    say(`   NO zero lag within ${CATCH_UP_TIMEOUT_MS / 60_000} min; lag per group: ${JSON.stringify(c.lagAtEnd)}`);
  } else {
    say(`   zero lag after ${c.seconds} s: ${fmt(c.eventsPerSecond)} events/s`);
    say(`5. Latency at ${opts.rates.join(', ')} events/s, ${opts.seconds} s each`);
    const cookie = await signInWhenUp(workers.url);
    const redis = createRedis(redisUrl, 'bench-pipeline');
    await redis.connect();
    const skus = (await redis.hkeys(redisKeys.skus())).slice(0, 300);
    figures.redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
    redis.disconnect();
    const benchSkus = skus.length > 0 ? skus : ['SKU-BENCH-1', 'SKU-BENCH-2', 'SKU-BENCH-3'];
    assertContract(benchSkus);
    const stores = Array.from({ length: PRELOAD_STORES }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
    figures.latency = [];
    await measureLatency({ brokers, admin, workers, cookie, stores, skus: benchSkus, rates: opts.rates, seconds: opts.seconds, infraPids, log: say, results: figures.latency });
  }
}

/** Peak and current memory of each process, read just before they are stopped. */
function readMemory(): void {
  if (!workers || figures.memory) return;
  const peaks = memorySampler?.stop() ?? {};
  figures.memory = {
    ...Object.fromEntries(workers.all.map((w) => [w.roles, { ...memoryMb(w.pid)!, ...peaks[w.roles] }])),
    'kafka broker': infra?.processes.kafka?.pid ? memoryMb(infra.processes.kafka.pid) : undefined,
    redis: infra?.processes.redis?.pid ? memoryMb(infra.processes.redis.pid) : undefined,
  };
}

/** The web tier answers once Next.js is ready: sign in, retrying for up to 60 s. */
async function signInWhenUp(url: string): Promise<string> {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      return await signIn(url);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const t0 = performance.now();
try {
  await run();
} catch (err) {
  figures.error = err instanceof Error ? err.message : String(err);
  say(`\nFAILED: ${figures.error}`);
}
say('6. Stopping the workers, Kafka and Redis; removing the temp dir');
await cleanup();
report();
process.exit(figures.error ? 1 : 0);

function describeOthers(o: OtherLoad): string {
  return `${o.cores} cores${o.top.length > 0 ? ` (${o.top.map((t) => `${t.cmd.split(' ')[0]!.split('/').pop()} ${t.cores}`).join(', ')})` : ''}`;
}

function report(): void {
  const rows: BenchRow[] = [];
  const p = figures.preload;
  if (p) {
    rows.push({
      what: 'preload (simulator CLI → Kafka, acknowledged)',
      figure: `${fmt(p.events)} events`,
      detail: `${p.hours} h × ${PRELOAD_STORES} stores in ${p.seconds.toFixed(1)} s; ${Object.entries(p.byTopic)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(', ')}`,
    });
  }
  const cp = figures.consumerPerformance;
  if (cp) {
    rows.push({
      what: 'Kafka ConsumerPerformance (pos.events)',
      figure: `${fmt(Math.round(cp.recordsPerSecond))} records/s`,
      detail: `${cp.mbPerSecond.toFixed(1)} MB/s; ${fmt(cp.records)} records, ${cp.mb.toFixed(1)} MB; fetch only ${fmt(Math.round(cp.fetchRecordsPerSecond))} records/s`,
    });
  }
  const c = figures.catchUp;
  if (c) {
    rows.push({
      what: 'pipeline, input events to zero lag (from process start)',
      figure: c.done ? `${fmt(c.eventsPerSecond)} events/s` : 'no zero lag',
      detail: c.done
        ? `${fmt(c.inputEvents)} events in ${c.seconds} s; ${fmt(c.eventsPerSecondFromFirstCommit)} events/s from the validator's first commit (${c.secondsFromFirstCommit} s); ${cp ? `${((c.eventsPerSecond! / cp.recordsPerSecond) * 100).toFixed(1)} % of ConsumerPerformance` : ''}`
        : `lag per group after ${CATCH_UP_TIMEOUT_MS / 60_000} min: ${JSON.stringify(c.lagAtEnd)}`,
    });
    rows.push({ what: 'validator output', figure: `${fmt(c.validated)} validated`, detail: `${fmt(c.dlq)} to events.dlq, ${fmt(c.inputEvents - c.validated - c.dlq)} dropped as duplicates` });
    for (const s of c.stages) {
      rows.push({
        what: `stage ${s.stage} (${s.group})`,
        figure: s.eventsPerSecond === null ? `lag ${fmt(s.lagAtEnd)}` : `${fmt(s.eventsPerSecond)} events/s`,
        detail: `${fmt(s.records)} records; first commit at ${s.firstCommitS ?? '—'} s, zero lag at ${s.zeroLagS ?? '—'} s; best 5 s ${fmt(s.peak5sPerSecond)}/s`,
      });
    }
    for (const pr of c.processes) {
      rows.push({
        what: `CPU, ROLES=${pr.roles}`,
        figure: `${pr.cpuSecondsPerMillion ?? '—'} CPU-s per million`,
        detail: `${pr.cpuSeconds} CPU-s to its zero lag, of which ${pr.startupCpuSeconds} before its first commit (start-up); RSS ${pr.rssMb} MB then`,
      });
    }
    rows.push({
      what: 'CPU, Kafka / Redis / this bench during the catch-up',
      figure: `${c.infraCpuSeconds.kafka} / ${c.infraCpuSeconds.redis} / ${c.infraCpuSeconds.bench} CPU-s`,
      detail: `machine busy ${c.machineBusyCores} of ${machine.cpus} cores on average over the phase; processes this bench did not start: ${describeOthers(c.otherProcesses)}`,
    });
  }
  for (const r of figures.latency ?? []) {
    rows.push({
      what: `latency at ${fmt(r.rate)} events/s`,
      figure: `p50 ${fmt(r.p50Ms)} ms, p99 ${fmt(r.p99Ms)} ms, p99.9 ${fmt(r.p999Ms)} ms`,
      detail: `${fmt(r.sent)} sent (${fmt(r.sentPerSecond)}/s) from ${r.sources} tills in ${r.seconds} s; max ${r.maxMs} ms; never seen within 10 s ${fmt(r.neverSeen)} (percentiles are of the seen); ${fmt(r.deltas)} deltas; waited ${r.waitedForZeroLagS} s for zero lag before; max lag validator/aggregator/sink ${Object.values(r.maxLag).join('/')}; CPU cores ${Object.entries(r.cpuCores)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; not ours: ${describeOthers(r.otherProcesses)}`,
    });
    const st = r.stages;
    rows.push({
      what: `where the time goes at ${fmt(r.rate)} events/s (p50 / p99)`,
      figure: `→ validated ${st.toValidated.p50Ms} / ${st.toValidated.p99Ms} ms`,
      detail: `then → aggregator batch ${st.validatedToAggregator.p50Ms} / ${st.validatedToAggregator.p99Ms} ms, → delta published ${st.aggregatorToPublished.p50Ms} / ${st.aggregatorToPublished.p99Ms} ms, → socket ${st.publishedToSocket.p50Ms} / ${st.publishedToSocket.p99Ms} ms (${fmt(st.publishedToSocket.n)} maxSeq events)`,
    });
  }
  for (const [who, m] of Object.entries(figures.memory ?? {})) {
    const split = m?.peakAnonMb !== undefined ? `; peak anonymous ${m.peakAnonMb} MB (file-backed then ${m.fileMbAtPeak} MB: mapped code, shared and reclaimable)` : '';
    rows.push({ what: `memory, ${['kafka broker', 'redis'].includes(who) ? who : `ROLES=${who}`}`, figure: m ? `peak ${m.peakMb} MB` : '—', detail: m ? `RSS ${m.rssMb} MB at the end (VmHWM / VmRSS)${split}` : '' });
  }
  const peakRss = Object.fromEntries(Object.entries(figures.memory ?? {}).filter(([k]) => !['kafka broker', 'redis'].includes(k)).map(([k, m]) => [k, m?.peakMb ?? NaN]));
  const targets = c ? checkTargets(c, figures.latency ?? [], peakRss) : [];
  const minutes = (performance.now() - t0) / 60_000;

  say(`\n${command}\nmachine: ${machine.cpus} cores ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}; Kafka ${KAFKA_VERSION}; commit ${commit}; ${minutes.toFixed(1)} min\n`);
  say('| what | figure | detail |\n|---|---|---|');
  for (const r of rows) say(`| ${r.what} | ${r.figure} | ${r.detail} |`);
  if (targets.length > 0) {
    say('\n| target (issue 5) | measured | result |\n|---|---|---|');
    for (const t of targets) say(`| ${t.target} | ${t.measured} | ${t.result} |`);
  }
  say(`\nstopped: ${stops.map((s) => `${s.roles}: ${s.how}`).join('; ')}`);
  if (cpuProfDir) {
    const profiles = fs.existsSync(cpuProfDir) ? fs.readdirSync(cpuProfDir).filter((f) => f.endsWith('.cpuprofile')) : [];
    say(`CPU profiles (${profiles.length}) in ${path.relative(process.cwd(), cpuProfDir)}: ${profiles.join(', ')}`);
  }

  const out = path.join(ROOT, 'bench', 'results', `pipeline-${date}.json`);
  const json = {
    date,
    at: new Date().toISOString(),
    command,
    commit,
    machine,
    versions: { kafka: KAFKA_VERSION, redis: figures.redisVersion ?? 'unknown', kafkaHeapMb: figures.kafkaHeapMb ?? null },
    options: { ...opts, stores: PRELOAD_STORES, benchTillsPerStore: TILLS_PER_STORE, graceMs: GRACE_MS, cpuProfDir: cpuProfDir ? path.relative(ROOT, cpuProfDir) : null },
    minutes: Math.round(minutes * 10) / 10,
    machineBusyBeforeCores: figures.busyBeforeCores ?? null,
    error: figures.error ?? null,
    preload: figures.preload,
    consumerPerformance: figures.consumerPerformance,
    pipeline: c
      ? {
          ...c,
          ratioToConsumerPerformance: c.eventsPerSecond && cp ? Math.round((c.eventsPerSecond / cp.recordsPerSecond) * 1000) / 1000 : null,
          // Every 2 s is enough to see the shape.
          timeline: c.timeline.filter((_, i) => i % 4 === 0 || i === c.timeline.length - 1),
        }
      : null,
    latency: figures.latency ?? null,
    memory: figures.memory ?? null,
    targets,
    stopped: stops,
    rows,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  say(`written to ${path.relative(process.cwd(), out)}`);
}
