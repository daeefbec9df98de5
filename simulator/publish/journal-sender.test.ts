import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kafka, Producer, ProducerBatch, ProducerConfig } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { SourceJournal, type JournalRecord } from '../journal/source-journal';
import { JournalSender, cachedDefaultPartitioner, type SenderState } from './journal-sender';

/** A producer that records what it is asked to send and fails on demand. */
class FakeKafka {
  configs: ProducerConfig[] = [];
  calls: { session: number; batch: ProducerBatch; ok: boolean }[] = [];
  /** Each entry: the error for one sendBatch call (undefined: success). */
  failures: (Error | undefined)[] = [];
  down = false;
  connects = 0;

  producer(config?: ProducerConfig): Producer {
    this.configs.push(config ?? {});
    const session = this.configs.length;
    const fake = {
      connect: async () => {
        this.connects++;
        if (this.down) throw new Error('connect ECONNREFUSED');
      },
      disconnect: async () => undefined,
      sendBatch: async (batch: ProducerBatch) => {
        await new Promise((r) => setTimeout(r, 1));
        const err = this.down ? new Error('Connection error') : this.failures.shift();
        this.calls.push({ session, batch, ok: !err });
        if (err) throw err;
        return [];
      },
    };
    return fake as unknown as Producer;
  }

  /** The (source, seq) of every message of the successful sends, in wire order. */
  delivered(): { source: string; seq: number }[] {
    return this.calls
      .filter((c) => c.ok)
      .flatMap((c) => c.batch.topicMessages!.flatMap((t) => t.messages.map((m) => JSON.parse(String(m.value)) as { source: string; seq: number })));
  }
}

const protocolError = (type: string) => Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type });

const recs = (source: string, from: number, count: number): JournalRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    seq: from + i,
    topic: source === 'WEB' ? 'ecom.events' : 'pos.events',
    key: source === 'WEB' ? `W-${from + i}` : `S001:${source}`,
    value: JSON.stringify({ id: `${source}-${from + i}`, source, seq: from + i, payload: { pad: 'x'.repeat(100) } }),
  }));

describe('JournalSender', () => {
  let dir: string;
  let journals: SourceJournal[];
  let fake: FakeKafka;
  let sender: JournalSender | undefined;
  const log = createLogger({ level: 'silent', pretty: false });

  const fill = async (source: string, count: number) => {
    const j = journals.find((x) => x.source === source)!;
    j.append(recs(source, j.lastSeq + 1, count));
    await j.sync();
  };
  const make = (opts: Partial<ConstructorParameters<typeof JournalSender>[0]> = {}) => {
    sender = new JournalSender({ brokers: [], log, kafka: fake as unknown as Kafka, backoffMinMs: 5, backoffMaxMs: 20, idleMs: 2, ...opts });
    for (const j of journals) sender.register(j);
    return sender;
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sender-test-'));
    journals = await Promise.all(['S001-T01', 'S001-T02', 'WEB'].map((s) => SourceJournal.open(dir, s, { fsync: false, cursorIntervalMs: 0 })));
    fake = new FakeKafka();
    sender = undefined;
  });
  afterEach(async () => {
    await sender?.stop({ drainMs: 0 });
    for (const j of journals) await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses one idempotent producer with one request in flight, acks -1, and acks the journals after success', async () => {
    await fill('S001-T01', 30);
    await fill('WEB', 10);
    const s = make();
    s.start();
    expect(await s.flushNow(5000)).toBe(true);
    expect(fake.configs).toHaveLength(1);
    expect(fake.configs[0]).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
    expect(fake.calls.every((c) => c.batch.acks === -1)).toBe(true);
    expect(journals.map((j) => j.ackedSeq)).toEqual([30, 0, 10]);
    expect(s.stats()).toMatchObject({ state: 'connected', pendingRecords: 0, sentRecords: 40, sendErrors: 0 });
    const web = fake.calls[0]!.batch.topicMessages!.find((t) => t.topic === 'ecom.events')!;
    expect(web.messages.map((m) => m.key)).toEqual(recs('WEB', 1, 10).map((r) => r.key));
  });

  it('shares a flush fairly and bounds it by records and bytes', async () => {
    await fill('S001-T01', 5000);
    await fill('S001-T02', 10);
    await fill('WEB', 5000);
    const s = make({ maxBatchRecords: 1000, maxBatchBytes: 1e9 });
    s.start();
    expect(await s.flushNow(10_000)).toBe(true);
    const first = fake.calls[0]!.batch.topicMessages!.flatMap((t) => t.messages.map((m) => JSON.parse(String(m.value)).source as string));
    expect(first).toHaveLength(1000);
    const count = (src: string) => first.filter((x) => x === src).length;
    expect(count('S001-T02')).toBe(10); // the small one is served in full at once
    expect(count('S001-T01')).toBe(495);
    expect(count('WEB')).toBe(495);

    // Bytes: each record counts ~200 B, so 10 kB is about 50 records per flush.
    await fill('S001-T01', 500);
    const before = fake.calls.length;
    await s.stop({ drainMs: 0 });
    const t = make({ maxBatchBytes: 10_000 });
    t.start();
    expect(await t.flushNow(10_000)).toBe(true);
    const sizes = fake.calls.slice(before).map((c) => c.batch.topicMessages!.reduce((n, x) => n + x.messages.length, 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(60);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(500);
  });

  it('resends the very same batch after failures, goes offline and back, and never reorders', async () => {
    await fill('S001-T01', 50);
    await fill('WEB', 50);
    const s = make({ maxBatchRecords: 40 });
    const states: SenderState[] = [];
    const caughtUp: number[] = [];
    s.on('state', (c) => states.push(c.state));
    s.on('caughtUp', (c) => caughtUp.push(c.records));
    fake.failures = [undefined, new Error('Request timed out'), new Error('Connection closed')];
    s.start();
    expect(await s.flushNow(5000)).toBe(true);
    const [ok1, fail1, fail2, retry] = fake.calls;
    expect([ok1!.ok, fail1!.ok, fail2!.ok, retry!.ok]).toEqual([true, false, false, true]);
    expect(fail2!.batch.topicMessages).toEqual(fail1!.batch.topicMessages);
    expect(retry!.batch.topicMessages).toEqual(fail1!.batch.topicMessages);
    expect(new Set(fake.calls.map((c) => c.session))).toEqual(new Set([1])); // one producer session
    expect(states).toEqual(['connected', 'offline', 'connected']);
    // Announced on the loop's next idle pass: what went after the outage started.
    await expect.poll(() => caughtUp, { timeout: 2000, interval: 5 }).toEqual([100 - 40]);
    expect(s.stats().sendErrors).toBe(2);
    expect(s.stats().lastError).toMatch(/Connection closed/);

    // Per source, the delivered seqs are 1..50 in order, each once.
    for (const src of ['S001-T01', 'WEB']) {
      expect(fake.delivered().filter((d) => d.source === src).map((d) => d.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }
  });

  it('keeps buffering while Kafka is down and never blocks the appender', async () => {
    fake.down = true;
    const s = make();
    const states: SenderState[] = [];
    s.on('state', (c) => states.push(c.state));
    s.start();
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await fill('S001-T01', 100);
      expect(performance.now() - t).toBeLessThan(500);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(s.state).toBe('offline');
    expect(states).toEqual(['offline']);
    expect(s.backlog).toBe(2000);
    expect(journals[0]!.ackedSeq).toBe(0);
    fake.down = false;
    expect(await s.flushNow(5000)).toBe(true);
    expect(s.state).toBe('connected');
    expect(fake.delivered().map((d) => d.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  });

  it('starts a new producer session after a fatal producer error, and splits a batch that is too large', async () => {
    await fill('S001-T01', 100);
    const s = make({ maxBatchRecords: 100 });
    fake.failures = [protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER'), protocolError('MESSAGE_TOO_LARGE')];
    s.start();
    expect(await s.flushNow(5000)).toBe(true);
    const [c1, c2, c3] = fake.calls;
    expect([c1!.session, c2!.session, c3!.session]).toEqual([1, 2, 3]);
    expect(c2!.batch.topicMessages).toEqual(c1!.batch.topicMessages); // same batch, new session
    expect(c3!.batch.topicMessages![0]!.messages).toEqual(c2!.batch.topicMessages![0]!.messages.slice(0, 50)); // the first half
    expect(fake.delivered().map((d) => d.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s.stats().producerSessions).toBe(3);
  });

  it('stops after draining what it can; what is left stays in the journal for the next sender', async () => {
    await fill('S001-T01', 100);
    const s = make({ maxBatchRecords: 10 });
    fake.down = true;
    s.start();
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    await s.stop({ drainMs: 100 });
    expect(performance.now() - t).toBeLessThan(1500);
    expect(journals[0]!.ackedSeq).toBe(0);
    expect(await s.flushNow(60_000)).toBe(false); // stopped: answers at once, nothing will come

    fake.down = false;
    const next = make({ maxBatchRecords: 10 });
    next.start();
    expect(await next.flushNow(5000)).toBe(true);
    expect(journals[0]!.ackedSeq).toBe(100);
    await next.stop({ drainMs: 1000 });
  });

  it('remembers the partition of a key as kafkajs computes it', () => {
    const part = cachedDefaultPartitioner();
    const meta = Array.from({ length: 12 }, (_, i) => ({ partitionId: i, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));
    const args = (key: string, n = 12) => ({ topic: 't', partitionMetadata: meta.slice(0, n), message: { key, value: 'v' } });
    const plain = cachedDefaultPartitioner(); // a fresh cache: the first answer is kafkajs's own
    for (const key of ['S001:S001-T01', 'S001:S001-T02', 'W-1', '']) {
      const p = part(args(key));
      expect(part(args(key))).toBe(p);
      expect(plain(args(key))).toBe(p);
      expect(part(args(key, 6))).toBe(plain(args(key, 6))); // another partition count, another answer
    }
  });
});
