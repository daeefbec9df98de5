import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClickHouseClient } from '../lib/clients/clickhouse';
import { createKafka } from '../lib/clients/kafka';
import { createLogger } from '../lib/log';
import type { OpsAnswer } from '../lib/ops/ops-types';
import { redisKeys } from '../lib/redis-keys';
import { TOPICS } from '../lib/topics';
import { openApiChecker } from './openapi-checker';
import { expectMetricsEqualAnswer } from './ops-metrics-check';
import { startPrivateKafka } from './private-kafka';
import { createDlqMonitor } from '../workers/dlq/dlq-monitor';
import { runWorker, type RunningWorker } from '../workers/harness/run-worker';
import { DLQ_HEADERS } from '../workers/harness/worker';
import { authAnswers } from '../server/auth/answers';
import type { Principal } from '../server/auth/principal';
import { checkHealth } from '../server/health/check-health';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { openApiDocument } from '../server/openapi/api';
import { createOpsRoutes } from '../server/ops/ops-routes';
import { createOpsService } from '../server/ops/ops-service';

const log = createLogger({ level: 'warn', pretty: false });
const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  merch: { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' },
};
const fakeClickHouse = { query: async () => ({ json: async () => [{ ok: 1 }] }) } as unknown as ClickHouseClient;

/**
 * The operations API over a real Kafka (its own) and Redis (database 1): dead letters produced
 * as the harness writes them, counted by the real DLQ monitor running on the real harness
 * (which publishes its counters), a store's freshness and gap as the aggregator keeps them,
 * consumer lag from Kafka's offsets; then /api/metrics parsed, with the same numbers.
 */
describe('operations API (real Kafka and Redis)', () => {
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let redis: Redis;
  let monitor: RunningWorker | undefined;
  const admin = () => createKafka({ brokers: kafka.brokers, clientId: 'ops-int-admin', log }).admin();
  let kafkaAdmin: ReturnType<typeof admin>;

  beforeAll(async () => {
    kafka = await startPrivateKafka(path.join(inject('testDataDir'), 'ops-kafka'));
    redis = new Redis(`${inject('redisUrl')}/1`);
    await redis.flushdb();
    kafkaAdmin = admin();
    await kafkaAdmin.connect();
  }, 120_000);

  afterAll(async () => {
    await monitor?.stop();
    await kafkaAdmin?.disconnect();
    redis?.disconnect();
    await kafka?.stop();
  });

  it('answers workers, lag, dead letters, freshness and health; 403 for others; the metrics equal it', async () => {
    const start = Date.now();
    const now = start + 120_000;
    await redis.hset(redisKeys.stores(), 'S001', JSON.stringify({ name: 'Centro', region: 'North', timezone: 'Europe/Madrid', currency: 'EUR', tills: ['S001-T01'] }));
    await redis.hset(redisKeys.aggSources(), 'S001-T01', 'S001');
    await redis.hset(redisKeys.aggSource('S001-T01'), { max: '20', lastOccurredAt: String(start - 1000), arrivedAt: String(start), lagMs: '1000', missing: '2', tillStore: 'S001' });
    await redis.zadd(redisKeys.aggGaps('S001-T01'), 5, '5-6');
    // The web shop, a central source, and the warehouse as data kept before central sources were told apart (mapped to the store of its first event).
    await redis.hset(redisKeys.aggSources(), 'WEB', '', 'WMS', 'S001');
    await redis.hset(redisKeys.aggSource('WEB'), { max: '90', lastOccurredAt: String(start - 30_000), arrivedAt: String(start - 29_000), lagMs: '1000', missing: '3' });
    await redis.zadd(redisKeys.aggGaps('WEB'), 40, '40-42');
    // Newer than the store's till: counted in the store, it would change the store's row.
    await redis.hset(redisKeys.aggSource('WMS'), { max: '7', lastOccurredAt: String(start + 55_000), arrivedAt: String(start + 60_000), lagMs: '5000', missing: '0' });

    const producer = createKafka({ brokers: kafka.brokers, clientId: 'ops-int-producer', log }).producer();
    await producer.connect();
    const dead = (reason: string, value: string) => ({ key: 'S001-T01', value, headers: { [DLQ_HEADERS.reason]: reason, [DLQ_HEADERS.worker]: 'validator', [DLQ_HEADERS.topic]: 'pos.events', [DLQ_HEADERS.partition]: '0', [DLQ_HEADERS.offset]: '1' } });
    await producer.send({
      topic: TOPICS.eventsDlq.name,
      messages: [
        dead('payload.total: 299 is not the lines (300) less discounts (0) = 300', JSON.stringify({ type: 'pos.receipt.closed', source: 'S001-T01', seq: 4, payload: { total: 299 } })),
        dead('payload.total: 499 is not the lines (500) less discounts (0) = 500', JSON.stringify({ type: 'pos.receipt.closed', source: 'S001-T01', seq: 8, payload: { total: 499 } })),
        dead('not JSON: Unexpected token "g"', 'garbage{'),
      ],
    });
    await producer.disconnect();

    monitor = await runWorker(createDlqMonitor({ redis }), { brokers: kafka.brokers, log, redis });
    const service = createOpsService({ redis, kafkaAdmin, stores: createStoreDirectory(redis, 0), health: () => checkHealth({ kafka: kafkaAdmin, redis, clickhouse: fakeClickHouse }), now: () => now });
    const routes = createOpsRoutes({ service, requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(), log });
    const get = async () => (await (await routes.ops(new Request('http://t/api/v1/ops', { headers: { 'x-user': 'admin' } }))).json()) as OpsAnswer;

    // Until the monitor has counted all three, committed, and published its counters twice (a rate needs two samples).
    let a = await get();
    const until = Date.now() + 60_000;
    while (!(a.dlq.total === 3 && a.workers[0]?.consumed === 3 && a.workers[0].inPerSecond !== null && a.consumerLag.filter((l) => l.group === 'tillstream-dlq').reduce((n, l) => n + l.lag, 0) === 0 && a.consumerLag.some((l) => l.committed !== null))) {
      if (Date.now() > until) throw new Error(`not there in time: ${JSON.stringify(a).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 500));
      a = await get();
    }
    expect(openApiChecker(openApiDocument('test')).checkBody('/api/v1/ops', 'get', 200, a)).toBeNull();
    expect(a.workers.map((w) => [w.worker, w.instances, w.ok, w.dlq])).toEqual([['dlq', 1, 3, 0]]);
    const dlqLag = a.consumerLag.filter((l) => l.group === 'tillstream-dlq');
    expect(dlqLag.map((l) => l.partition)).toEqual([0, 1, 2]);
    expect(dlqLag.every((l) => l.lag === 0)).toBe(true);
    expect(dlqLag.reduce((n, l) => n + Number(l.end), 0)).toBe(3);
    expect(a.dlq.reasons.map((r) => [r.reason, r.total, r.lastHour, r.samples.length])).toEqual([
      ['payload.total: # is not the lines (#) less discounts (#) = #', 2, 2, 2],
      ['not JSON: Unexpected token "g"', 1, 1, 1],
    ]);
    expect(a.dlq.reasons[0]!.samples.map((s) => s.value).sort()).toEqual(['299', '499']);
    expect(a.stores).toEqual([
      { storeId: 'S001', name: 'Centro', region: 'North', status: 'online', lastEventAt: new Date(start - 1000).toISOString(), freshnessSeconds: 120, lagMs: 1000, missing: 2, gaps: [{ source: 'S001-T01', first: 5, last: 6 }] },
    ]);
    expect(a.sources).toEqual([
      { source: 'WEB', lastEventAt: new Date(start - 30_000).toISOString(), freshnessSeconds: 149, lagMs: 1000, missing: 3, gaps: [{ first: 40, last: 42 }] },
      { source: 'WMS', lastEventAt: new Date(start + 55_000).toISOString(), freshnessSeconds: 60, lagMs: 5000, missing: 0, gaps: [] },
    ]);
    expect(a.health.dependencies.kafka.status).toBe('ok');
    expect(a.health.dependencies.redis.status).toBe('ok');

    expect((await routes.ops(new Request('http://t/api/v1/ops', { headers: { 'x-user': 'merch' } }))).status).toBe(403);
    expect((await routes.ops(new Request('http://t/api/v1/ops'))).status).toBe(401);

    // With the worker stopped its counters stay still: the ops answer and the metrics read the same numbers.
    await monitor.stop();
    monitor = undefined;
    const before = await get();
    const metrics = await routes.metrics(new Request('http://t/api/metrics', { headers: { 'x-user': 'admin' } }));
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expectMetricsEqualAnswer(text, before);
    expect(text).toContain('tillstream_dlq_messages_total{worker="validator",reason="not JSON: Unexpected token \\"g\\""} 3'.replace(' 3', ' 1'));
  });
});
