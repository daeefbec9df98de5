import fs from 'node:fs';
import path from 'node:path';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { subjectKey, type ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import { createLogger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { listFeed } from '../orders/replenishment-feed';
import { ORDER_DESK_SOURCE } from '../sources/order-desk';
import { runInMemory, smallRun } from '../testing/run-in-memory';
import { bySource, comparable, readSince, topicEnds } from '../testing/topic-reader';
import { startSimulationToKafka } from './run-to-kafka';

const log = createLogger({ level: 'warn' });
const START = Date.parse('2026-11-20T06:00:00Z');
const LEAD_MS = 30 * 60_000;
// Half a simulated hour per second: the lead time passes in a second of the test.
const CHAIN = { seed: 5, stores: 2, tills: 3, skus: 200, dishonest: 1 };
const ARGS = ['--seed', '5', '--stores', '2', '--tills', '3', '--skus', '200', '--dishonest', '1', '--start', new Date(START).toISOString(), '--accel', '1800', '--replenishment', 'orders', '--lead-time', '30m'];

const orderFor = (locationId: string, sku: string, qty: number): ReplenishmentOrder => ({
  id: `repl:${locationId}:${sku}:${Date.now()}`,
  locationId,
  sku,
  qty,
  targetLevel: 12,
  evidence: { onHand: 2, reserved: 0, available: 2, incoming: 0, reorderPoint: 5 },
  alertId: `low_stock:${locationId}:${sku}:1`,
  state: 'open',
  createdAt: START,
});
const readLog = (dataDir: string) =>
  fs
    .readFileSync(path.join(dataDir, 'simulator', 'orders.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { at: number; order: ReplenishmentOrder });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Envelope {
  source: string;
  occurredAt: string;
  payload: { fromLocationId?: string; toLocationId?: string; sku?: string; qty?: number };
}

describe('the simulated warehouse fulfils replenishment orders from Kafka', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = createKafka({ brokers, clientId: 'sim-orders-int', log });
  const dataDir = path.join(inject('testDataDir'), 'simulator-orders-int');
  const resumeDir = path.join(inject('testDataDir'), 'simulator-orders-resume-int');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  /** Orders to `replenishment.orders` as the inventory worker sends them; a string goes as it is (a broken message). */
  const send = (...items: (ReplenishmentOrder | string)[]) =>
    producer.send({
      topic: TOPICS.replenishmentOrders.name,
      messages: items.map((o) => (typeof o === 'string' ? { key: 'broken', value: o } : { key: subjectKey(o.locationId, o.sku), value: JSON.stringify(o) })),
    });
  beforeAll(() => producer.connect());
  afterAll(async () => {
    await producer.disconnect();
    for (const d of [dataDir, resumeDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('takes an order in, skips a bad message, and delivers the order once, a lead time later', async () => {
    const order = orderFor('S001', 'SKU100200', 4);
    const deliveries: Envelope[] = [];
    const reader = kafka.consumer({ groupId: `sim-orders-int-${Date.now()}` });
    await reader.connect();
    await reader.subscribe({ topic: TOPICS.warehouseEvents.name, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const e = JSON.parse(String(message.value)) as Envelope;
        if (e.source === ORDER_DESK_SOURCE && e.payload.sku === order.sku) deliveries.push(e);
      },
    });

    const sim = await startSimulationToKafka({ argv: [...ARGS, '--duration', '1d'], dataDir, brokers, log, ordersGroupId: `sim-orders-int-warehouse-${Date.now()}` });
    try {
      // A broken message, the order, and the order again (Kafka delivers at least once).
      await send('{"id":', order, order);
      const deadline = Date.now() + 30_000;
      while (deliveries.length === 0 && Date.now() < deadline) await sleep(200);
      // Some simulated hours more: a second delivery would show by now.
      await sleep(3000);
    } finally {
      await sim.stop();
      await reader.disconnect();
    }
    const result = await sim.done;

    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload).toEqual({ fromLocationId: 'DC01', toLocationId: 'S001', sku: order.sku, qty: 4 });
    expect(result.orders).toMatchObject({ taken: 1, duplicates: 1, unknown: 0, delivered: 1, unitsDelivered: 4 });
    // The order log says when it was taken in (for a restart to take it in again there): delivered a lead time later.
    const logged = readLog(dataDir);
    expect(logged.map((l) => l.order.id)).toEqual([order.id, order.id]);
    expect(Date.parse(deliveries[0]!.occurredAt)).toBe(logged[0]!.at + LEAD_MS);
  }, 90_000);

  it('resumes after a stop: takes the same orders in at the same points, then new ones, so every event matches a run in memory fed the same', async () => {
    const before = await topicEnds(kafka);
    const argv = [...ARGS, '--duration', '6h'];
    const ordersGroupId = `sim-orders-resume-int-${Date.now()}`;
    await send(orderFor('S002', 'SKU100150', 3));
    const first = await startSimulationToKafka({ argv, dataDir: resumeDir, brokers, log, ordersGroupId });
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(path.join(resumeDir, 'simulator', 'orders.ndjson')) && Date.now() < deadline) await sleep(200);
    await sleep(1000);
    await first.stop();
    const stoppedAt = (await first.done).events;

    // An order arrives while the simulator is down; it is taken in past where the first run got to.
    await send(orderFor('S001', 'SKU100100', 2));
    const second = await startSimulationToKafka({ argv, dataDir: resumeDir, brokers, log, ordersGroupId });
    const result = await second.done;
    expect(result.stopped).toBe(false);

    // The reference: the same options in memory, fed what the log says was taken in, when
    // (with the orders of the test before, which this new consumer group reads too).
    const logged = readLog(resumeDir);
    const orderIds = new Set(logged.map((l) => l.order.id));
    expect(logged.map((l) => l.order.sku)).toEqual(expect.arrayContaining(['SKU100150', 'SKU100100']));
    const expected = await runInMemory(
      smallRun({ ...CHAIN, start: START, liveFrom: START, end: START + 6 * 3_600_000, replenishment: { mode: 'orders', leadTime: LEAD_MS } }),
      listFeed(logged.map((l) => ({ ...l.order, createdAt: l.at }))),
    );
    expect(stoppedAt).toBeLessThan(expected.deliveries.length);
    expect(expected.orders).toMatchObject({ delivered: orderIds.size });
    const got = await readSince(kafka, before, expected.deliveries.length);
    expect(got.total).toBe(expected.deliveries.length);
    expect(comparable(got.bySource)).toEqual(comparable(bySource(expected.deliveries)));
  }, 120_000);
});
