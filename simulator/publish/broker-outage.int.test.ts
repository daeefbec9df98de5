import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import type { EventType, TillstreamEvent } from '../../lib/contract/catalog';
import { exampleEvent } from '../../lib/contract/example-event';
import { parseEvent } from '../../lib/contract/parse-event';
import { messageKey, topicOf } from '../../lib/contract/routing';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { TOPICS } from '../../lib/topics';
// A private broker, because this test stops and kills it (test/README: "A service you
// kill or reconfigure: start your own").
import { createKafkaNode } from '../../infra/kafka/kafka-node';
import { provisionTopics } from '../../infra/kafka/provision-topics';
import type { ManagedProcess } from '../../infra/process/managed-process';
import { SourceJournal, type JournalRecord } from '../journal/source-journal';
import { JournalSender, type SenderState } from './journal-sender';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tills, the web shop and a warehouse: three topics, one key per till, many keys for the others. */
const TILLS = ['S001-T01', 'S001-T02', 'S002-T01', 'S002-T02'];
const SOURCES = [...TILLS, 'WEB', 'WH01'];
const TILL_TYPES: EventType[] = ['pos.receipt.opened', 'pos.item.added', 'pos.payment.captured', 'pos.receipt.closed'];
const T0 = Date.parse('2026-11-21T09:00:00.000Z');

/** The event of (source, seq): deterministic, so the check below can rebuild every byte. */
function eventOf(source: string, seq: number): TillstreamEvent {
  const type: EventType = source === 'WEB' ? 'ecom.order.placed' : source === 'WH01' ? 'stock.received' : TILL_TYPES[(seq - 1) % 4]!;
  const e = exampleEvent(type, seq);
  e.id = `${source}-${seq}`;
  e.source = source;
  e.occurredAt = new Date(T0 + seq * 7).toISOString();
  const payload = e.payload as Record<string, unknown>;
  if (TILLS.includes(source)) {
    e.storeId = source.slice(0, 4);
    e.tillId = source;
    if ('receiptId' in e) e.receiptId = `${source}-${String(Math.ceil(seq / 4)).padStart(6, '0')}`;
  } else if (source === 'WEB') {
    payload.orderId = `W-${seq}`;
  } else {
    payload.sku = `SKU-${String(seq % 40).padStart(5, '0')}`;
  }
  return e as unknown as TillstreamEvent;
}

function recordOf(source: string, seq: number): JournalRecord {
  const e = eventOf(source, seq);
  return { seq, topic: topicOf(e.type).name, key: messageKey(e), value: JSON.stringify(e) };
}

describe('journal → Kafka through a broker outage, a broker crash and a sender restart', () => {
  const log = createLogger({ level: 'error', pretty: false });
  const quiet = createLogger({ level: 'silent', pretty: false });
  let dataDir: string;
  let journalDir: string;
  let port: number;
  let controllerPort: number;
  let node: ManagedProcess | undefined;
  let brokers: string[];
  let journals: SourceJournal[] = [];
  const senders: JournalSender[] = [];

  const startNode = async () => {
    node = await createKafkaNode({ dataDir, port, controllerPort, heapMb: 384, log: quiet });
    await node.start();
  };

  beforeAll(async () => {
    dataDir = path.join(inject('testDataDir'), 'journal-outage');
    journalDir = path.join(dataDir, 'journals');
    fs.mkdirSync(journalDir, { recursive: true });
    port = await freePort();
    controllerPort = await freePort();
    brokers = [`127.0.0.1:${port}`];
    await startNode();
    const admin = createKafka({ brokers, clientId: 'journal-outage-provision', log: quiet }).admin();
    await admin.connect();
    try {
      await provisionTopics(admin, [TOPICS.posEvents, TOPICS.ecomEvents, TOPICS.warehouseEvents], quiet);
    } finally {
      await admin.disconnect();
    }
  });

  afterAll(async () => {
    for (const s of senders) await s.stop({ drainMs: 0 }).catch(() => undefined);
    for (const j of journals) await j.close().catch(() => undefined);
    await node?.stop(); // only the broker this file started, by its pid
  });

  it('delivers every event once or as an identical resend, in order per source, with nothing lost', async () => {
    // Sanity: what we journal is valid under the contract.
    for (const s of SOURCES) for (const seq of [1, 2, 3, 4, 5]) expect(parseEvent(eventOf(s, seq)).ok).toBe(true);

    const openAll = () => Promise.all(SOURCES.map((s) => SourceJournal.open(journalDir, s, { segmentBytes: 256 * 1024 })));
    journals = await openAll();

    // The generator: every ~10 ms a few events per source, one sync per journal per tick.
    let appending = true;
    let paused = false;
    let maxTickMs = 0;
    let ticks = 0;
    let current: Promise<void> = Promise.resolve();
    const tick = async () => {
      const t = performance.now();
      for (const j of journals) {
        const from = j.lastSeq + 1;
        j.append(Array.from({ length: 8 }, (_, i) => recordOf(j.source, from + i)));
      }
      await Promise.all(journals.map((j) => j.sync()));
      maxTickMs = Math.max(maxTickMs, performance.now() - t);
      ticks++;
    };
    const generator = (async () => {
      while (appending) {
        if (!paused) {
          current = tick();
          await current;
        }
        await sleep(10);
      }
    })();
    generator.catch(() => undefined); // awaited (and so reported) in step 6
    const appended = () => journals.reduce((n, j) => n + j.lastSeq, 0);

    const newSender = () => {
      const s = new JournalSender({ brokers, log, clientId: 'journal-outage', kafkaLogLevel: 'silent', backoffMaxMs: 1000, offlineAfterMs: 2000 });
      const states: SenderState[] = [];
      const caughtUp: number[] = [];
      s.on('state', (c) => states.push(c.state));
      s.on('caughtUp', (c) => caughtUp.push(c.records));
      for (const j of journals) s.register(j);
      senders.push(s);
      s.start();
      return { s, states, caughtUp };
    };

    // 1. Normal operation.
    const a = newSender();
    await expect.poll(() => a.s.stats().sentRecords, { timeout: 20_000, interval: 100 }).toBeGreaterThan(1500);
    expect(a.s.state).toBe('connected');

    // 2. The broker goes away (SIGTERM): the tills keep selling into their journals.
    await node!.stop();
    await expect.poll(() => a.s.state, { timeout: 15_000, interval: 100 }).toBe('offline');
    maxTickMs = 0;
    const duringOutage = appended();
    const ticksBefore = ticks;
    // Within the 4 s this step used to sleep: until the journals hold a backlog of 3000.
    await expect
      .poll(() => ticks - ticksBefore > 100 && appended() - duringOutage > 3000 && a.s.backlog > 3000, { timeout: 4000, interval: 50 })
      .toBe(true);
    expect(ticks - ticksBefore).toBeGreaterThan(100); // never blocked on Kafka
    expect(maxTickMs).toBeLessThan(1000);
    expect(appended() - duringOutage).toBeGreaterThan(3000);
    expect(a.s.backlog).toBeGreaterThan(3000);

    // 3. The broker comes back on the same data: the backlog drains in order, and the
    //    sender says so ("flushed N buffered events").
    await startNode();
    await expect.poll(() => a.s.state, { timeout: 30_000, interval: 100 }).toBe('connected');
    await expect.poll(() => a.caughtUp.length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
    expect(a.caughtUp[0]).toBeGreaterThan(3000);
    expect(a.states[0]).toBe('connected');
    expect(a.states).toContain('offline');
    expect(a.states.at(-1)).toBe('connected');

    // 4. The sender restarts, as after a crash of the process: the journals are opened
    //    again from disk and a new producer session sends what is not acked there. To be
    //    sure some records go twice, the cursor files are put back to what they said a
    //    second earlier: a crash after Kafka's ack and before the cursor write reached
    //    the disk. Those records must come again, identical (same id, seq, bytes).
    const cursorFile = (j: SourceJournal) => path.join(j.dir, 'cursor.json');
    const oldCursors = journals.map((j) => fs.readFileSync(cursorFile(j)));
    const sentAtSnapshot = a.s.stats().sentRecords;
    await expect.poll(() => a.s.stats().sentRecords, { timeout: 20_000, interval: 50 }).toBeGreaterThan(sentAtSnapshot + 1500);
    paused = true;
    await current; // the tick in progress, if any
    await a.s.stop({ drainMs: 0 });
    for (const j of journals) await j.close();
    const ackedBefore = journals.map((j) => j.ackedSeq);
    journals.forEach((j, i) => fs.writeFileSync(cursorFile(j), oldCursors[i]!));
    const lastSeqs = journals.map((j) => j.lastSeq);
    journals = await openAll();
    expect(journals.map((j) => j.lastSeq)).toEqual(lastSeqs);
    const resent = journals.reduce((n, j, i) => n + ackedBefore[i]! - j.ackedSeq, 0);
    expect(resent).toBeGreaterThan(0);
    paused = false;
    const b = newSender();
    await expect.poll(() => b.s.stats().sentRecords, { timeout: 20_000, interval: 100 }).toBeGreaterThan(1000);

    // 5. The broker is killed (SIGKILL, a power cut for it); its supervisor restarts it.
    const before = node!.pid;
    node!.crash();
    await expect.poll(() => node!.pid !== before && node!.isReady, { timeout: 45_000, interval: 200 }).toBe(true);
    await expect.poll(() => b.s.state, { timeout: 30_000, interval: 100 }).toBe('connected');
    expect(b.states).toContain('offline');
    const sentAfterCrash = b.s.stats().sentRecords;
    await expect.poll(() => b.s.stats().sentRecords, { timeout: 20_000, interval: 100 }).toBeGreaterThan(sentAfterCrash + 500);

    // 6. Stop selling; everything journaled reaches Kafka.
    appending = false;
    await generator;
    await Promise.all(journals.map((j) => j.sync()));
    expect(await b.s.flushNow(30_000)).toBe(true);
    await b.s.stop({ drainMs: 5000 });
    const expected = new Map(journals.map((j) => [j.source, j.lastSeq]));
    for (const j of journals) expect(j.ackedSeq).toBe(j.lastSeq);
    for (const j of journals) await j.close();
    for (const j of journals) {
      // Fully acked segments are gone: only the one being written remains.
      expect(fs.readdirSync(j.dir).filter((f) => f.endsWith('.ndjson'))).toHaveLength(1);
    }

    // 7. Read every topic from the beginning and check each message against the journal.
    const result = await readAll(brokers, [TOPICS.posEvents.name, TOPICS.ecomEvents.name, TOPICS.warehouseEvents.name]);
    const seen = new Map(SOURCES.map((s) => [s, new Uint8Array(expected.get(s)! + 1)]));
    const lastFirstSeq = new Map<string, number>();
    let duplicates = 0;
    const problems: string[] = [];
    for (const m of result) {
      const e = JSON.parse(m.value) as { source: string; seq: number };
      const want = recordOf(e.source, e.seq);
      if (m.value !== want.value || m.key !== want.key || m.topic !== want.topic) {
        problems.push(`${m.topic}/${m.partition}@${m.offset}: not the journaled bytes of ${e.source}#${e.seq}`);
        continue;
      }
      const marks = seen.get(e.source)!;
      if (e.seq >= marks.length) {
        problems.push(`${e.source}#${e.seq} was never journaled`);
        continue;
      }
      if (marks[e.seq]) {
        duplicates++; // an identical resend (bytes checked above)
        continue;
      }
      marks[e.seq] = 1;
      const lane = `${m.topic}/${m.partition}/${e.source}`;
      if ((lastFirstSeq.get(lane) ?? 0) > e.seq) problems.push(`${lane}: seq ${e.seq} after ${lastFirstSeq.get(lane)}`);
      lastFirstSeq.set(lane, e.seq);
    }
    for (const [source, marks] of seen) {
      const missing: number[] = [];
      for (let s = 1; s < marks.length; s++) if (!marks[s]) missing.push(s);
      if (missing.length > 0) problems.push(`${source}: ${missing.length} missing, first ${missing.slice(0, 5).join(',')}`);
    }
    const total = [...expected.values()].reduce((x, y) => x + y, 0);
    process.stdout.write(
      `broker-outage: ${total} events from ${SOURCES.length} sources, ${result.length} messages read, ` +
        `${duplicates} identical duplicates (${resent} acks rolled back), ` +
        `producer sessions ${a.s.stats().producerSessions}+${b.s.stats().producerSessions}, send errors ${a.s.stats().sendErrors}+${b.s.stats().sendErrors}\n`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(result.length).toBe(total + duplicates);
    expect(duplicates).toBeGreaterThanOrEqual(resent); // the rolled-back acks came again, identical
    for (const s of TILLS) expect(expected.get(s)).toBeGreaterThan(1000);
  }, 90_000);
});

interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
}

/** Every message of the topics, from the beginning to the end offsets of now. */
async function readAll(brokers: string[], topics: string[]): Promise<ReadMessage[]> {
  const kafka = createKafka({ brokers, clientId: 'journal-outage-check', log: createLogger({ level: 'silent', pretty: false }) });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
  }
  await admin.disconnect();
  const out: ReadMessage[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `journal-outage-check-${Date.now()}`, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${out.length} messages; partitions not done: ${[...remaining.keys()].join(' ')}`)), 30_000);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              out.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key!.toString(), value: m.value!.toString() });
            }
            const lane = `${batch.topic}/${batch.partition}`;
            const high = remaining.get(lane);
            if (high !== undefined && batch.messages.length > 0 && BigInt(batch.lastOffset()) + 1n >= high) remaining.delete(lane);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}
