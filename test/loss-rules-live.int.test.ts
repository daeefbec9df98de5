import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../lib/clients/kafka';
import { configSchema } from '../lib/config/schema';
import { JOIN_EVENT, LOSS_ALERT_EVENT, roomForLossStore, roomForStore, type JoinAck } from '../lib/live/rooms';
import { createLogger } from '../lib/log';
import { lossAlertSchema, type LossAlert } from '../lib/loss/rules/loss-alert';
import { redisKeys } from '../lib/redis-keys';
import { TOPICS } from '../lib/topics';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { exceptionsRole } from '../server/roles/exceptions-role';
import type { RoleContext } from '../server/roles/role';
import { validatorRole } from '../server/roles/validator-role';
import { startLiveSockets } from './live-sockets';
import { startPrivateKafka } from './private-kafka';
import { eventually as poll } from './eventually';

/** This file's polls: test/eventually.ts, waiting up to 120_000 ms unless told, every 500 ms. */
const eventually = <T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 120_000) => poll(what, read, ok, { timeoutMs, everyMs: 500 });

/**
 * Issue 8, "How it will be checked": a sequence rule fires live on a pattern produced by an
 * outside producer, with the right evidence. Hand-written events of a till no simulator knows
 * (a sale, its post-void, then a no-sale drawer open 2 minutes later) go into a Kafka of their
 * own, through the real validator and exceptions worker roles (Redis database 12; integration
 * files run one at a time and each flushes its database). The default rule
 * `postvoid-then-nosale` makes one alert on the `alerts` topic, keyed by its subject, whose
 * evidence names the two events with their positions in events.validated as Kafka holds them,
 * and it is pushed live (a real Socket.IO server with the real socket auth and live relay) to a
 * fraud analyst in the store's loss room, while the store's own manager may not join that room
 * and gets nothing in its store room.
 */
const DB = 12;

describe('loss rules live: an outside producer’s post-void then no-sale open, through Kafka', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'loss-rules-live-'));
  const u = new URL(inject('redisUrl'));
  u.pathname = `/${DB}`;
  let redis: Redis;
  let sub: Redis;
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  const stops: (() => Promise<void>)[] = [];
  const alerts: { key: string; value: LossAlert }[] = [];
  const validated: { partition: number; offset: string; id: string }[] = [];
  const published: { channel: string; message: string }[] = [];
  const consumers: { disconnect: () => Promise<void> }[] = [];
  const pushed: Record<string, unknown[]> = { fraud: [], manager: [] };
  const joins: Record<string, JoinAck[]> = { fraud: [], manager: [] };
  let auth: AuthService;
  const T = Date.now() - 30 * 60_000;
  const at = (min: number) => new Date(T + min * 60_000).toISOString();

  beforeAll(async () => {
    redis = new Redis(u.toString());
    await redis.flushdb();
    sub = new Redis(u.toString());
    sub.on('pmessage', (_p: string, channel: string, message: string) => published.push({ channel, message }));
    await sub.psubscribe(redisKeys.liveChannelPattern());
    // The live push: Socket.IO with sessions and the relay, a fraud analyst and the store's manager connected.
    auth = createAuthService({ redis, sessionSecret: 'loss-rules-live-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    const live = await startLiveSockets(auth, u.toString(), log);
    stops.push(live.stop);
    for (const user of ['fraud', 'manager'] as const) {
      const c = await live.connectAs(user);
      c.on(LOSS_ALERT_EVENT, (a: unknown) => pushed[user]!.push(a));
      for (const room of [roomForLossStore('S001'), roomForStore('S001')]) joins[user]!.push((await c.timeout(5000).emitWithAck(JOIN_EVENT, room)) as JoinAck);
    }

    kafka = await startPrivateKafka(path.join(dir, 'kafka'));
    const config = configSchema.parse({ DATA_DIR: dir, KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: u.toString(), LOG_LEVEL: 'warn' });
    const ctx: RoleContext = { config, endpoints: { kafkaBrokers: kafka.brokers, redisUrl: u.toString(), clickhouse: { kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' } }, log };
    for (const role of [validatorRole, exceptionsRole]) stops.unshift(await role.start(ctx));

    const k = createKafka({ brokers: kafka.brokers, clientId: 'loss-rules-live-int', log: createLogger({ level: 'silent' }) });
    for (const [topic, collect] of [
      [TOPICS.alerts.name, (m: { key: Buffer | null; value: Buffer | null }) => alerts.push({ key: String(m.key), value: lossAlertSchema.parse(JSON.parse(String(m.value))) })],
      [
        TOPICS.eventsValidated.name,
        (m: { value: Buffer | null; offset: string }, partition: number) => validated.push({ partition, offset: m.offset, id: (JSON.parse(String(m.value)) as { id: string }).id }),
      ],
    ] as const) {
      const c = k.consumer({ groupId: `loss-rules-live-${topic}-${process.pid}` });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({ eachMessage: async ({ message, partition }) => (collect as (m: typeof message, p: number) => void)(message, partition) });
      consumers.push(c);
    }

    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const store = { id: 'store-S001', type: 'store.upserted', schemaVersion: 1, source: 'HQ', seq: 1, occurredAt: at(-60), payload: { storeId: 'S001', name: 'Outside', region: 'North', timezone: 'Europe/Rome', currency: 'EUR', tills: ['S001-X9'] } };
    await producer.send({ topic: TOPICS.hqMasterdata.name, messages: [{ key: 'S001', value: JSON.stringify(store) }] });
    await eventually('the validator has the store', () => redis.hlen(redisKeys.stores()), (n) => n === 1);
    const till = { schemaVersion: 1, source: 'S001-X9', storeId: 'S001', tillId: 'S001-X9', cashierId: 'CX9' };
    const receiptId = 'S001-X9-000001';
    const events = [
      { type: 'pos.receipt.opened', occurredAt: at(0), receiptId, payload: {} },
      { type: 'pos.item.added', occurredAt: at(0), receiptId, payload: { lineId: 1, sku: 'SKU-X9', qty: 1, unitPrice: 8990, entry: 'scanned' } },
      { type: 'pos.payment.captured', occurredAt: at(1), receiptId, payload: { method: 'cash', amount: 8990 } },
      { type: 'pos.receipt.closed', occurredAt: at(1), receiptId, payload: { total: 8990, items: 1, lines: 1 } },
      { type: 'pos.receipt.postvoided', occurredAt: at(20), receiptId, payload: { total: 8990, items: 1, reason: 'wrong item', supervisorId: 'CX8' } },
      { type: 'pos.drawer.opened', occurredAt: at(22), payload: { reason: 'no_sale' } },
    ].map((e, i) => ({ ...till, ...e, id: `live-x9-${i + 1}`, seq: i + 1 }));
    await producer.send({ topic: TOPICS.posEvents.name, messages: events.map((e) => ({ key: 'S001:S001-X9', value: JSON.stringify(e) })) });
    await producer.disconnect();
  }, 300_000);

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    for (const stop of stops) await stop().catch(() => undefined);
    auth?.close();
    sub?.disconnect();
    redis?.disconnect();
    await kafka?.stop();
  });

  it('makes one alert on `alerts`, keyed by subject, with the two events and their events.validated positions', async () => {
    await eventually('the alert', () => alerts.length, (n) => n >= 1);
    await eventually('the validated events', () => validated.length, (n) => n >= 6);
    expect(alerts).toHaveLength(1);
    const { key, value: a } = alerts[0]!;
    expect(key).toBe('S001:CX9');
    expect(a).toMatchObject({ id: 'postvoid-then-nosale:1:S001-X9:6', kind: 'loss_rule', severity: 'critical', state: 'open', subject: { storeId: 'S001', tillId: 'S001-X9', cashierId: 'CX9' } });
    expect(a.evidence).toMatchObject({ ruleId: 'postvoid-then-nosale', ruleVersion: 1, detail: { spanMs: 120_000 } });
    const pos = (id: string) => {
      const v = validated.find((x) => x.id === id)!;
      return { topic: TOPICS.eventsValidated.name, partition: v.partition, offset: v.offset };
    };
    expect(a.evidence.events.map((e) => [e.id, e.source, e.seq, e.type, e.occurredAt, e.kafka])).toEqual([
      ['live-x9-5', 'S001-X9', 5, 'pos.receipt.postvoided', at(20), pos('live-x9-5')],
      ['live-x9-6', 'S001-X9', 6, 'pos.drawer.opened', at(22), pos('live-x9-6')],
    ]);
  });

  it('pushes it live to the fraud analyst in the store’s loss room; the store manager may not join that room and gets nothing', async () => {
    expect(joins.fraud).toEqual([{ ok: true }, { ok: true }]);
    expect(joins.manager).toEqual([{ ok: false, error: 'forbidden' }, { ok: true }]);
    await eventually('the push', () => pushed.fraud!.length, (n) => n >= 1);
    expect(pushed.fraud).toEqual([alerts[0]!.value]);
    // Give a stray push to the manager time to arrive, were there one.
    await new Promise((r) => setTimeout(r, 1000));
    expect(pushed.manager).toEqual([]);
  });

  it('publishes it to the store’s loss room (never a `store:` room), and keeps it for the alerts API', async () => {
    const channel = redisKeys.liveChannel(roomForLossStore('S001'));
    const mine = await eventually('the live publish', () => published.filter((p) => p.channel === channel), (l) => l.length >= 1);
    expect(JSON.parse(mine[0]!.message)).toEqual(alerts[0]!.value);
    expect(published.filter((p) => p.message.includes('postvoid-then-nosale') && p.channel !== channel)).toEqual([]);
    const stored = await redis.hgetall(redisKeys.lossHits('S001', alerts[0]!.value.day));
    expect(Object.keys(stored)).toEqual(['postvoid-then-nosale:1:S001-X9:6']);
    expect(await redis.llen(redisKeys.lossOutbox())).toBe(0);
  });
});
