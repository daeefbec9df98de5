import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { createLogger } from '../../lib/log';
import type { DlqSample } from '../../lib/ops/ops-types';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { startPrivateKafka } from '../../test/private-kafka';
import { runWorker, type RunningWorker } from '../harness/run-worker';
import { createValidator } from '../validator/validator';
import { reasonId } from '../../lib/ops/dlq-reason-id';
import { createDlqMonitor } from './dlq-monitor';

const log = createLogger({ level: 'warn', pretty: false });
const CARD = '4111111111111111';

/** Malformed input for the real validator: not JSON, a card number where a loyalty id goes, two receipts whose total is not their lines. */
function malformedInput(now: number) {
  const at = new Date(now - 60_000).toISOString();
  const till = { schemaVersion: 1, source: 'S001-T01', storeId: 'S001', tillId: 'S001-T01', cashierId: 'C0001', occurredAt: at };
  const receipt = (n: number, seq: number, price: number, total: number) => [
    { ...till, id: `r${n}-1`, seq, type: 'pos.receipt.opened', receiptId: `R${n}`, payload: {} },
    { ...till, id: `r${n}-2`, seq: seq + 1, type: 'pos.item.added', receiptId: `R${n}`, payload: { lineId: 1, sku: 'SKU-1', qty: 1, unitPrice: price, entry: 'scanned' } },
    { ...till, id: `r${n}-3`, seq: seq + 2, type: 'pos.payment.captured', receiptId: `R${n}`, payload: { method: 'card', amount: price } },
    { ...till, id: `r${n}-4`, seq: seq + 3, type: 'pos.receipt.closed', receiptId: `R${n}`, payload: { total, items: 1, lines: 1 } },
  ];
  const store = { schemaVersion: 1, id: 'md-1', type: 'store.upserted', source: 'HQ-MD', seq: 1, occurredAt: at, payload: { storeId: 'S001', name: 'Milano', region: 'North', timezone: 'Europe/Rome', currency: 'EUR', tills: ['S001-T01'] } };
  const loyalty = { ...till, id: 'l-1', seq: 9, type: 'pos.loyalty.identified', receiptId: 'R9', payload: { loyaltyId: Number(CARD) } };
  return {
    masterdata: [JSON.stringify(store)],
    pos: ['garbage{', JSON.stringify(loyalty), ...[...receipt(1, 1, 300, 299), ...receipt(2, 5, 500, 499)].map((e) => JSON.stringify(e))],
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('DLQ monitor (real Kafka, real validator, Redis database 1)', () => {
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let redis: Redis;
  const running: RunningWorker[] = [];

  beforeAll(async () => {
    kafka = await startPrivateKafka(path.join(inject('testDataDir'), 'dlq-kafka'));
    redis = new Redis(`${inject('redisUrl')}/1`);
    await redis.flushdb();
  }, 120_000);

  afterAll(async () => {
    for (const w of running) await w.stop();
    redis?.disconnect();
    await kafka?.stop();
  });

  it('counts the validator’s dead letters by reason, keeps redacted samples, and counts nothing twice on a replay', async () => {
    const input = malformedInput(Date.now());
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'dlq-int-producer', log }).producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.hqMasterdata.name, messages: input.masterdata.map((value) => ({ key: 'S001', value })) });
    await producer.send({ topic: TOPICS.posEvents.name, messages: input.pos.map((value) => ({ key: 'S001:S001-T01', value })) });
    await producer.disconnect();

    const validator = createValidator({ redis, log, unknownStoreWaitMs: 5000 });
    running.push(await runWorker(validator.masterData, { brokers: kafka.brokers, log, redis }));
    running.push(await runWorker(validator.events, { brokers: kafka.brokers, log, redis }));
    const monitor = await runWorker(createDlqMonitor({ redis }), { brokers: kafka.brokers, log, redis });
    running.push(monitor);

    const sum = async () => Object.values(await redis.hgetall(redisKeys.dlqTotals())).reduce((a, b) => a + Number(b), 0);
    await until('4 dead letters counted', async () => (await sum()) === 4);

    const totals = await redis.hgetall(redisKeys.dlqTotals());
    const totalField = 'validator|payload.total: # is not the lines (#) less discounts (#) = #';
    expect(totals[totalField]).toBe('2');
    const notJson = Object.keys(totals).find((f) => f.startsWith('validator|not JSON:'));
    expect(notJson && totals[notJson]).toBe('1');
    const loyaltyField = Object.keys(totals).find((f) => f.startsWith('validator|schema: payload.loyaltyId:'))!;
    expect(totals[loyaltyField]).toBe('1');
    // The current minute holds all four.
    const minute = await redis.hgetall(redisKeys.dlqMinute(Math.floor(Date.now() / 60_000)));
    const prev = await redis.hgetall(redisKeys.dlqMinute(Math.floor(Date.now() / 60_000) - 1));
    expect(Number(minute[totalField] ?? 0) + Number(prev[totalField] ?? 0)).toBe(2);
    expect(await redis.ttl(redisKeys.dlqMinute(Math.floor(Date.now() / 60_000)))).toBeGreaterThan(3000);

    const samples = async (field: string) => (await redis.lrange(redisKeys.dlqSamples(reasonId(field)), 0, -1)).map((s) => JSON.parse(s) as DlqSample);
    const closes = await samples(totalField);
    expect(closes.map((s) => [s.type, s.source, s.seq, s.field, s.value]).sort()).toEqual([
      ['pos.receipt.closed', 'S001-T01', 4, 'payload.total', '299'],
      ['pos.receipt.closed', 'S001-T01', 8, 'payload.total', '499'],
    ]);
    expect(closes[0]!.origin.topic).toBe(TOPICS.posEvents.name);
    const [card] = await samples(loyaltyField);
    expect(card).toMatchObject({ type: 'pos.loyalty.identified', field: 'payload.loyaltyId', value: '[redacted]', unparseable: false });
    const [garbage] = await samples(notJson!);
    expect(garbage).toMatchObject({ unparseable: true, bytes: 8, type: null, value: null });
    const everything = JSON.stringify(await Promise.all(Object.keys(totals).map(samples)));
    expect(everything).not.toContain(CARD);
    expect(everything).not.toContain('C0001');

    // A replay of the whole topic (a new group reads from the beginning) changes nothing.
    const replay = await runWorker(createDlqMonitor({ redis }), { brokers: kafka.brokers, log, groupId: 'dlq-replay' });
    running.push(replay);
    await until('the replay read every dead letter', async () => replay.counters().consumed === 4);
    expect(await redis.hgetall(redisKeys.dlqTotals())).toEqual(totals);
    expect((await samples(totalField)).length).toBe(2);
    // The monitor sent nothing to the DLQ: the topic holds the validator's four, and the monitor's outcomes are all ok.
    const admin = createKafka({ brokers: kafka.brokers, clientId: 'dlq-int-admin', log }).admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(TOPICS.eventsDlq.name);
    await admin.disconnect();
    expect(ends.reduce((a, p) => a + Number(p.high), 0)).toBe(4);
    expect(monitor.counters()).toMatchObject({ consumed: 4, ok: 4, dlq: 0, produced: 0 });
  });
});
