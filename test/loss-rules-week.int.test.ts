import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createLogger } from '../lib/log';
import { DEFAULT_RULES } from '../lib/loss/rules/default-rules';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { createBacktest, type Backtest } from '../server/loss/rules-backtest';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { feedWorker } from '../workers/harness/testing/feed-worker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedAll } from '../workers/sink/testing/sink-fixture';
import { createValidator } from '../workers/validator/validator';

/**
 * Issue 8, "Backtest": a rule over a simulated week of history in seconds. A week of a small
 * chain (2 stores, 3 tills, planted dishonest cashiers) through the real validator and history
 * sink into an embedded ClickHouse (Redis database 12; integration files run one at a time and
 * each flushes its database); then every default rule backtested over the whole week.
 */
const DB = 12;
const DAY = 86_400_000;
const START = Math.floor(Date.now() / DAY) * DAY - 8 * DAY;
const END = START + 7 * DAY;
const NOW = END + DAY;

describe('backtest over a simulated week (real ClickHouse)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let ch: ClickHouseClient;
  let backtest: Backtest;
  let events = 0;

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    const sim = await runInMemory(smallRun({ seed: 9, start: START, liveFrom: START, end: END, stores: 2, tills: 3, skus: 200, dishonest: 2 }));
    const rnd = seededRandom(11);
    const size = () => 1 + Math.floor(rnd() * 3000);
    // The real validator in front (as validateAll, without spreading a week into one call).
    const validator = createValidator({ redis, log, now: () => NOW });
    const ofTopic = (topic: string) => sim.deliveries.filter((d) => d.topic === topic);
    const validated = (await feedWorker(validator.masterData, [ofTopic('hq.masterdata').map((d) => Buffer.from(d.json))], size, 'hq.masterdata')).out;
    for (const topic of ['hq.promotions', 'warehouse.events', 'ecom.events', 'pos.events']) {
      for (const b of (await feedWorker(validator.events, partitionByKey(ofTopic(topic), 6), size, topic)).out) validated.push(b);
    }
    events = validated.length;
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'loss-rules-week'), database: 'default' });
    await migrate(ch, log);
    const input = validated.map((b) => ({ source: (JSON.parse(b.toString()) as { source: string }).source, json: b.toString() }));
    await feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `loss-rules-week-${process.pid}` }), partitionByKey(input, 12), size);
    backtest = createBacktest({ ch, stores: createStoreDirectory(redis, 0), hqTimezone: 'Europe/Madrid' });
  }, 900_000);

  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('runs each default rule over the week in seconds, with hits and the cashiers behind them', async () => {
    expect(events).toBeGreaterThan(100_000);
    const took: Record<string, number> = {};
    const perRule: Record<string, number> = {};
    let hits = 0;
    for (const rule of DEFAULT_RULES) {
      const started = Date.now();
      const answer = await backtest({ rule, fromMs: START, toMs: END, examples: 5 });
      took[rule.id] = Date.now() - started;
      expect(answer.events).toBeGreaterThan(0);
      expect(answer.examples.length).toBe(Math.min(5, answer.hits));
      expect(answer.byCashier.reduce((n, c) => n + c.hits, 0)).toBeLessThanOrEqual(answer.hits);
      hits += answer.hits;
      perRule[rule.id] = answer.hits;
    }
    process.stderr.write(`loss-rules-week: ${events} validated events; backtest ms per rule ${JSON.stringify(took)}; hits ${JSON.stringify(perRule)}\n`);
    expect(hits).toBeGreaterThan(0);
    // In seconds, on a busy machine.
    for (const [id, ms] of Object.entries(took)) expect(ms, id).toBeLessThan(30_000);
  });
});
