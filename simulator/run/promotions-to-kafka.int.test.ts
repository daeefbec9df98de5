import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { messageKey } from '../../lib/contract/routing';
import { createLogger } from '../../lib/log';
import type { PublishedPromotion } from '../../lib/promotions/promotion-window';
import { TOPICS } from '../../lib/topics';
import { buildChain } from '../chain/build-chain';
import { promotionEvent } from '../promotions/promotion-feed';
import { topicEnds } from '../testing/topic-reader';
import { startSimulationToKafka } from './run-to-kafka';

const log = createLogger({ level: 'warn' });
// Friday 10:00 UTC: every store is open. A simulated minute per second.
const START = Date.parse('2026-11-20T10:00:00Z');
const ACCEL = 60;
const CHAIN = { seed: 7, stores: 4, tills: 3, skus: 200, dishonest: 0 };
const ARGS = ['--seed', '7', '--stores', '4', '--tills', '3', '--skus', '200', '--dishonest', '0', '--start', new Date(START).toISOString(), '--accel', String(ACCEL), '--promotions', 'hq', '--duration', '1d'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Discount {
  storeId: string;
  tillId: string;
  occurredAt: string;
  payload: { kind: string; amount: number; lineId?: number; promotionId?: string };
}

describe('the simulated tills apply a promotion published on hq.promotions', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = createKafka({ brokers, clientId: 'sim-promotions-int', log });
  const dataDir = path.join(inject('testDataDir'), 'simulator-promotions-int');
  const producer = kafka.producer();
  beforeAll(() => producer.connect());
  afterAll(async () => {
    await producer.disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies it at exactly the targeted stores’ tills, within seconds of it becoming active', async () => {
    const chain = buildChain(CHAIN);
    const portugal = chain.stores.filter((s) => s.region === 'Portugal').map((s) => s.id);
    expect(portugal.length).toBeGreaterThan(0);
    expect(portugal.length).toBeLessThan(chain.stores.length);
    const promotionId = `P-INT-${Date.now()}`;
    // Starts 3 simulated minutes (3 s) after the run does, in Portugal's stores.
    const startsAt = START + 3 * 60_000;
    const promo: PublishedPromotion = {
      promotionId,
      name: '30 % off fruit and vegetables',
      kind: 'percent_off',
      value: 30,
      skus: [],
      category: 'Fruit & Vegetables',
      storeIds: portugal,
      region: 'Portugal',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(START + 3 * 3_600_000).toISOString(),
    };
    const event = promotionEvent(Date.now(), 'promo.published', promo);

    const ends = (await topicEnds(kafka, [TOPICS.posEvents.name])).get(TOPICS.posEvents.name)!;
    const discounts: Discount[] = [];
    const arrivedAt = new Map<string, number>();
    const reader = kafka.consumer({ groupId: `sim-promotions-int-${Date.now()}` });
    await reader.connect();
    await reader.subscribe({ topic: TOPICS.posEvents.name, fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        const json = String(message.value);
        if (!json.includes(promotionId)) return;
        const d = JSON.parse(json) as Discount;
        discounts.push(d);
        if (!arrivedAt.has(d.storeId)) arrivedAt.set(d.storeId, Date.now());
      },
    });
    for (const p of ends) reader.seek({ topic: TOPICS.posEvents.name, partition: p.partition, offset: p.offset });

    const wallStart = Date.now();
    const sim = await startSimulationToKafka({ argv: ARGS, dataDir, brokers, log });
    try {
      // A broken message first: skipped with a log line, the run goes on.
      await producer.send({ topic: TOPICS.hqPromotions.name, messages: [{ key: 'broken', value: '{"type":' }, { key: messageKey(event), value: JSON.stringify(event) }] });
      const deadline = Date.now() + 40_000;
      while (portugal.some((s) => !arrivedAt.has(s)) && Date.now() < deadline) await sleep(200);
      // A few simulated minutes more: a discount in another store would show by now.
      await sleep(4000);
    } finally {
      await sim.stop();
      await reader.disconnect();
    }
    await sim.done;

    // Exactly the targeted stores, each soon after the start.
    expect([...new Set(discounts.map((d) => d.storeId))].sort()).toEqual([...portugal].sort());
    const activeWall = wallStart + (startsAt - START) / ACCEL;
    for (const storeId of portugal) {
      const mine = discounts.filter((d) => d.storeId === storeId);
      const first = Math.min(...mine.map((d) => Date.parse(d.occurredAt)));
      expect(first).toBeGreaterThanOrEqual(startsAt);
      // Within 10 simulated minutes of becoming active: 10 s at this pace.
      expect(first - startsAt).toBeLessThan(10 * 60_000);
      expect(arrivedAt.get(storeId)! - activeWall).toBeLessThan(15_000);
    }
    for (const d of discounts) {
      expect(d.payload.kind).toBe('promotion');
      expect(d.payload.amount).toBeGreaterThan(0);
      expect(d.payload.lineId).toBeGreaterThan(0);
    }
    // The run's promotion log has it, for a restart to take it in at the same point.
    const logged = fs
      .readFileSync(path.join(dataDir, 'simulator', 'promotions.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: number; event: { payload: { promotionId: string } } });
    expect(logged.filter((l) => l.event.payload.promotionId === promotionId)).toHaveLength(1);
    expect(logged.find((l) => l.event.payload.promotionId === promotionId)!.at).toBeLessThanOrEqual(startsAt);
  }, 90_000);
});
