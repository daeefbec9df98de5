import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { createLogger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { startPrivateKafka } from '../../test/private-kafka';
import { runWorker, type RunningWorker } from '../harness/run-worker';
import { DLQ_HEADERS } from '../harness/worker';
import { createValidator } from './validator';

const log = createLogger({ level: 'warn', pretty: false });

interface Read {
  value: string;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning until `count` messages have come (or times out), then a little longer. */
async function readTopic(brokers: string[], topic: string, count: number, timeoutMs = 90_000): Promise<Read[]> {
  const out: Read[] = [];
  const consumer = createKafka({ brokers, clientId: 'val-int-reader', log }).consumer({ groupId: `reader-${topic}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const until = Date.now() + timeoutMs;
  void consumer.run({
    eachMessage: async ({ message }) => {
      out.push({ value: message.value!.toString(), headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
    },
  });
  while (out.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1500));
  await consumer.disconnect();
  return out;
}

const START = Date.parse('2026-11-20T00:00:00Z');

describe('validator', () => {
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let kafkaStarted: Promise<unknown> | undefined;
  let redis: Redis;
  let worker: RunningWorker | undefined;
  let masterData: RunningWorker | undefined;
  let sim: Awaited<ReturnType<typeof runInMemory>>;

  beforeAll(async () => {
    // The broker starts (its own JVM) while the day is simulated here.
    kafkaStarted = startPrivateKafka(path.join(inject('testDataDir'), 'validator-kafka')).then((k) => (kafka = k));
    kafkaStarted.catch(() => undefined); // awaited (and so reported) below
    sim = await runInMemory(
      smallRun({
        seed: 21,
        end: START + 86_400_000,
        faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: START + 10 * 3_600_000, to: START + 12 * 3_600_000 }] },
      }),
    );
    await kafkaStarted;
    redis = new Redis(`${inject('redisUrl')}/7`);
    await redis.flushdb();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await masterData?.stop();
    redis?.disconnect();
    await kafkaStarted?.catch(() => undefined); // a broker still starting when the set-up failed is stopped too
    await kafka?.stop();
  });

  it('forwards every valid event once, drops duplicates, and dead-letters exactly the malformed and the inconsistent ones', async () => {
    const truth = sim.truth as { events: number; malformed: unknown[]; duplicates: number };

    // Hand-made semantic errors, after the day (a store from the master data, a wrong total, a post-void of nothing, an unknown store).
    const base = { schemaVersion: 1, source: 'S001-X9', occurredAt: '2026-11-20T23:59:00.000Z', storeId: 'S001', tillId: 'S001-X9', cashierId: 'C9999' };
    const bad = [
      { ...base, id: 'bad-1', type: 'pos.receipt.opened', seq: 1, receiptId: 'R-BAD-1', payload: {} },
      { ...base, id: 'bad-2', type: 'pos.item.added', seq: 2, receiptId: 'R-BAD-1', payload: { lineId: 1, sku: 'SKU100001', qty: 2, unitPrice: 150, entry: 'scanned' } },
      { ...base, id: 'bad-3', type: 'pos.payment.captured', seq: 3, receiptId: 'R-BAD-1', payload: { method: 'card', amount: 300 } },
      { ...base, id: 'bad-4', type: 'pos.receipt.closed', seq: 4, receiptId: 'R-BAD-1', payload: { total: 299, items: 2, lines: 1 } },
      { ...base, id: 'bad-5', type: 'pos.receipt.postvoided', seq: 5, receiptId: 'R-NEVER', payload: { total: 100, items: 1 } },
      { ...base, id: 'bad-6', type: 'pos.receipt.opened', seq: 1, source: 'S777-T01', storeId: 'S777', tillId: 'S777-T01', receiptId: 'R-777', payload: {} },
    ];

    const producer = createKafka({ brokers: kafka.brokers, clientId: 'val-int-producer', log }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const all = [...sim.deliveries.map((d) => ({ topic: d.topic, key: d.key, value: d.json })), ...bad.map((e) => ({ topic: TOPICS.posEvents.name, key: `${e.storeId}:${e.tillId}`, value: JSON.stringify(e) }))];
    for (let i = 0; i < all.length; i += 5000) {
      const chunk = all.slice(i, i + 5000);
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const m of chunk) {
        if (!byTopic.has(m.topic)) byTopic.set(m.topic, []);
        byTopic.get(m.topic)!.push({ key: m.key, value: m.value });
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
    await producer.disconnect();

    const validator = createValidator({ redis, log, now: () => Date.parse('2026-11-21T00:00:00Z'), unknownStoreWaitMs: 5000 });
    [worker, masterData] = await Promise.all([runWorker(validator.events, { brokers: kafka.brokers, log, redis }), runWorker(validator.masterData, { brokers: kafka.brokers, log, redis })]);

    // Valid: every event the simulator emitted, plus bad-1..3 (the receipt is fine until its close).
    const expectedValid = truth.events + 3;
    const expectedDlq = truth.malformed.length + 3;
    const [validated, dlq] = await Promise.all([readTopic(kafka.brokers, TOPICS.eventsValidated.name, expectedValid), readTopic(kafka.brokers, TOPICS.eventsDlq.name, expectedDlq)]);

    const ids = validated.map((m) => (JSON.parse(m.value) as { source: string; seq: number }).source + '#' + (JSON.parse(m.value) as { seq: number }).seq);
    expect(new Set(ids).size).toBe(ids.length);
    const reasons = dlq.map((m) => m.headers[DLQ_HEADERS.reason]!);
    expect(reasons.every((r) => r.length > 0)).toBe(true);
    expect(validated.length).toBe(expectedValid);
    expect(dlq.length).toBe(expectedDlq);
    expect(reasons.some((r) => r.startsWith('payload.total: 299 is not the lines (300)'))).toBe(true);
    expect(reasons.some((r) => r.includes('R-NEVER names no closed receipt'))).toBe(true);
    expect(reasons.some((r) => r.includes('store S777 is not in the master data'))).toBe(true);
    // Every malformed copy is there, byte for byte.
    const dlqValues = new Set(dlq.map((m) => m.value));
    for (const m of truth.malformed as { json: string }[]) expect(dlqValues.has(m.json)).toBe(true);
    expect(worker.counters().duplicate + masterData!.counters().duplicate).toBe(truth.duplicates);
  }, 240_000);
});
