/**
 * Throughput of the till-side journal and of journal → Kafka.
 *
 *   npx tsx simulator/publish/bench-journal.ts                                  # journal only
 *   KAFKA_BROKERS=127.0.0.1:9092 npx tsx simulator/publish/bench-journal.ts     # + Kafka
 *
 * Environment: BENCH_EVENTS (default 500000), BENCH_SOURCES (50), BENCH_SECONDS (10, the
 * steady-state phases), BENCH_RATE (50000 events/s, the paced phase), BENCH_TOPIC
 * (bench.journal: created with 12 partitions when missing, never deleted; it receives
 * bench events, so do not point it at a topic the workers read), BENCH_DIR (a fresh
 * temporary folder, removed at the end).
 *
 * kafkajs allocates many short-lived buffers per record: a larger V8 young generation
 * (`NODE_OPTIONS=--max-semi-space-size=32`) makes the Kafka phases markedly faster.
 *
 * Phases:
 * 1. append + sync: the generator's side. Every tick appends a slice of events to each
 *    source's journal and syncs them all (one fdatasync per journal per tick).
 * 2. drain: the whole backlog of phase 1 (as after an outage) sent to Kafka.
 * 3. live, flat out: the generator appends as fast as it can while the sender drains,
 *    both on this one event loop (as in the simulator role).
 * 4. live, paced at BENCH_RATE: does the sender keep up (backlog stays small)?
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKafka, parseBrokers } from '../../lib/clients/kafka';
import { createLogger } from '../../lib/log';
import { SourceJournal, type JournalRecord } from '../journal/source-journal';
import { JournalSender } from './journal-sender';

const env = process.env;
const EVENTS = Number(env.BENCH_EVENTS ?? 500_000);
const SOURCES = Number(env.BENCH_SOURCES ?? 50);
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const RATE = Number(env.BENCH_RATE ?? 50_000);
const TOPIC = env.BENCH_TOPIC ?? 'bench.journal';
const brokers = env.KAFKA_BROKERS ? parseBrokers(env.KAFKA_BROKERS) : [];
const log = createLogger({ name: 'bench-journal', level: env.LOG_LEVEL ?? 'warn' });
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A till event of about 350 bytes, as the generator would make it (the seq and id vary). */
function eventOf(source: string, seq: number): string {
  const store = source.slice(0, 4);
  return (
    `{"id":"${source}-${seq}","type":"pos.item.added","schemaVersion":1,"source":"${source}","seq":${seq},` +
    `"occurredAt":"2026-11-21T10:15:03.123Z","storeId":"${store}","tillId":"${source}","cashierId":"C0042",` +
    `"receiptId":"${source}-000918","payload":{"lineId":3,"sku":"SKU-00042","qty":2,"unitPrice":199,"entry":"scanned",` +
    `"name":"Organic milk 1l"}}`
  );
}

const sourceName = (i: number) => `S${String(1 + Math.floor(i / 8)).padStart(3, '0')}-T${String(1 + (i % 8)).padStart(2, '0')}`;

interface Gen {
  journals: SourceJournal[];
  appended: number;
}

/** Appends `count` events spread over the journals and syncs them all: one generator tick. */
async function tick(g: Gen, count: number): Promise<void> {
  const n = g.journals.length;
  const per = Math.floor(count / n);
  let extra = count - per * n;
  for (const j of g.journals) {
    const k = per + (extra-- > 0 ? 1 : 0);
    if (k === 0) continue;
    const recs: JournalRecord[] = new Array<JournalRecord>(k);
    for (let i = 0; i < k; i++) {
      const seq = j.lastSeq + 1 + i;
      recs[i] = { seq, topic: TOPIC, key: `${j.source.slice(0, 4)}:${j.source}`, value: eventOf(j.source, seq) };
    }
    j.append(recs);
  }
  await Promise.all(g.journals.map((j) => j.sync()));
  g.appended += count;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const dir = env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-journal-'));
  const eventBytes = Buffer.byteLength(eventOf(sourceName(0), 123456));
  out(`journal bench: ${fmt(EVENTS)} events of ~${eventBytes} B, ${SOURCES} sources, ${os.cpus().length} cores, dir ${dir}`);
  const journals: SourceJournal[] = [];
  try {
    for (let i = 0; i < SOURCES; i++) journals.push(await SourceJournal.open(dir, sourceName(i)));
    const g: Gen = { journals, appended: 0 };

    // 1. append + sync, in ticks of several sizes.
    for (const perTick of [500, 2000, 10_000]) {
      const count = Math.min(EVENTS / 3, 300_000);
      const t0 = performance.now();
      let maxTick = 0;
      for (let done = 0; done < count; done += perTick) {
        const t = performance.now();
        await tick(g, perTick);
        maxTick = Math.max(maxTick, performance.now() - t);
      }
      const s = (performance.now() - t0) / 1000;
      out(
        `append+sync  ${String(perTick).padStart(6)} events/tick: ${fmt(count / s)} events/s, ` +
          `${mb((count * eventBytes) / s)} MB/s, slowest tick ${maxTick.toFixed(1)} ms`,
      );
    }
    if (brokers.length === 0) {
      out('KAFKA_BROKERS is not set: skipping journal → Kafka');
      return;
    }

    const admin = createKafka({ brokers, clientId: 'bench-journal', log }).admin();
    await admin.connect();
    if (!(await admin.listTopics()).includes(TOPIC)) {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 12, replicationFactor: -1 }] });
      out(`created topic ${TOPIC}`);
    }
    await admin.disconnect();

    for (const opts of [{ label: 'no compression', compression: undefined }]) {
      // 2. drain the backlog of phase 1.
      const sender = new JournalSender({ brokers, log, clientId: 'bench-journal', compression: opts.compression });
      for (const j of journals) sender.register(j);
      const backlog = sender.backlog;
      let flushes = 0;
      sender.on('flush', () => flushes++);
      let t0 = performance.now();
      sender.start();
      while (sender.backlog > 0) await sleep(5);
      let s = (performance.now() - t0) / 1000;
      out(`drain backlog (${opts.label}): ${fmt(backlog)} events in ${s.toFixed(2)} s = ${fmt(backlog / s)} events/s, ${flushes} flushes`);

      // 3. generator flat out + sender, on one event loop.
      let sent0 = sender.stats().sentRecords;
      let a0 = g.appended;
      let maxBacklog = 0;
      t0 = performance.now();
      while (performance.now() - t0 < SECONDS * 1000) {
        await tick(g, 2000);
        maxBacklog = Math.max(maxBacklog, sender.backlog);
        await sleep(0);
      }
      s = (performance.now() - t0) / 1000;
      let sent = sender.stats().sentRecords - sent0;
      out(
        `live flat out (${opts.label}): appended ${fmt((g.appended - a0) / s)} events/s, sent ${fmt(sent / s)} events/s, ` +
          `backlog at the end ${fmt(sender.backlog)} (max ${fmt(maxBacklog)})`,
      );
      if (!(await sender.flushNow(120_000))) out('could not drain the backlog within 120 s');

      // 4. paced at RATE, ticks every 10 ms.
      sent0 = sender.stats().sentRecords;
      a0 = g.appended;
      maxBacklog = 0;
      t0 = performance.now();
      let due = 0;
      while (performance.now() - t0 < SECONDS * 1000) {
        const now = performance.now() - t0;
        const target = Math.floor((now / 1000) * RATE);
        if (target > due) {
          await tick(g, target - due);
          due = target;
        }
        maxBacklog = Math.max(maxBacklog, sender.backlog);
        await sleep(10);
      }
      s = (performance.now() - t0) / 1000;
      const drained = await sender.flushNow(60_000);
      sent = sender.stats().sentRecords - sent0;
      out(
        `live paced at ${fmt(RATE)}/s (${opts.label}): appended ${fmt((g.appended - a0) / s)} events/s, ` +
          `max backlog ${fmt(maxBacklog)} events (${(maxBacklog / RATE).toFixed(2)} s), ${drained ? 'all sent' : 'NOT drained'} (${fmt(sent)})`,
      );
      await sender.stop({ drainMs: 5000 });
    }
  } finally {
    for (const j of journals) await j.close();
    if (!env.BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
