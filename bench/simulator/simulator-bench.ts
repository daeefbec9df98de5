import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../lib/log';
import type { RunOptions } from '../../simulator/run/simulate';
import { simulate } from '../../simulator/run/simulate';
import { openThreadedKafkaSink } from '../../simulator/sinks/threaded-kafka-sink';
import type { BenchRow } from '../platform/platform-bench';
import { rate, rssMb } from '../platform/measure';

const START = Date.parse('2026-11-20T00:00:00Z');
const DAY = 86_400_000;

function options(stores: number, days: number, overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    seed: 1,
    stores,
    tills: 6,
    skus: 2400,
    dishonest: 3,
    start: START,
    liveFrom: START,
    end: START + days * DAY,
    accel: Number.POSITIVE_INFINITY,
    rate: Number.POSITIVE_INFINITY,
    faults: { duplicates: 0, malformed: 0, offline: [] },
    ...overrides,
  };
}

/** Generation alone: the default chain for a day, events enveloped and serialised, into a counter. */
export async function benchGeneration(log: Logger): Promise<BenchRow> {
  let n = 0;
  const t0 = performance.now();
  const r = await simulate(options(12, 1), { write: async (b) => void (n += b.length), backlog: () => 0, close: async () => undefined }, { log });
  const ms = performance.now() - t0;
  return { what: 'simulator generation (12 stores, 1 day, in memory)', figure: `${rate(r.events, ms).toLocaleString('en')} events/s`, detail: `${r.events.toLocaleString('en')} events in ${(ms / 1000).toFixed(2)} s, RSS ${rssMb()} MB` };
}

/** The whole producer path: generate → journal (fdatasync per batch) → idempotent producer → acknowledged by Kafka. */
export async function benchToKafka(brokers: string[], dataDir: string, log: Logger, stores: number): Promise<BenchRow> {
  const journalDir = path.join(dataDir, 'bench-journal');
  const sink = await openThreadedKafkaSink({ brokers, journalDir, log });
  const t0 = performance.now();
  const r = await simulate(options(stores, 1), sink, { log });
  const generated = performance.now() - t0;
  const flushed = await sink.flushNow(300_000);
  const ms = performance.now() - t0;
  await sink.close();
  fs.rmSync(journalDir, { recursive: true, force: true });
  return {
    what: `simulator → journals → Kafka, as fast as possible (${stores} stores, 1 day)`,
    figure: `${rate(r.events, ms).toLocaleString('en')} events/s`,
    detail: `${r.events.toLocaleString('en')} events acknowledged in ${(ms / 1000).toFixed(1)} s (generated and journaled in ${(generated / 1000).toFixed(1)} s)${flushed ? '' : ', NOT all flushed'}, RSS ${rssMb()} MB`,
  };
}

/** Paced at a target rate for a fixed time: what is emitted, and what Kafka has acknowledged by the end. */
export async function benchPaced(brokers: string[], dataDir: string, log: Logger, target: number, seconds: number): Promise<BenchRow> {
  const journalDir = path.join(dataDir, 'bench-journal-paced');
  const sink = await openThreadedKafkaSink({ brokers, journalDir, log });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), seconds * 1000);
  const sentBefore = sink.sentRecords();
  const t0 = performance.now();
  const r = await simulate(options(120, 30, { rate: target }), sink, { log, signal: abort.signal });
  clearTimeout(timer);
  const ms = performance.now() - t0;
  const acked = sink.sentRecords() - sentBefore;
  const backlog = sink.backlog();
  await sink.close();
  fs.rmSync(journalDir, { recursive: true, force: true });
  return {
    what: `simulator paced at --rate ${target.toLocaleString('en')} for ${seconds} s (120 stores)`,
    figure: `${rate(r.events, ms).toLocaleString('en')} events/s emitted, ${rate(acked, ms).toLocaleString('en')}/s acknowledged`,
    detail: `${r.events.toLocaleString('en')} emitted, ${acked.toLocaleString('en')} acknowledged, ${backlog.toLocaleString('en')} still in the journals at the end`,
  };
}
