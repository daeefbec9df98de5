import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../lib/ports';
import { processesMentioning, startTillstream, waitForHealth, type TillstreamProcess } from '../test/tillstream-process';

const { Kafka, logLevel } = kafkajs;

/**
 * The whole single-machine mode through the real entry point: it starts its own Kafka
 * and Redis in a throwaway data directory, survives a kill -9 of itself, refuses a
 * second owner of embedded ClickHouse and a busy port, and leaves nothing behind on SIGINT.
 */
describe('single-machine lifecycle', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let current: TillstreamProcess | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(inject('testDataDir'), 'life-'));
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      KAFKA_PORT: String(await freePort()),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      REDIS_PORT: String(await freePort()),
      KAFKA_HEAP_MB: '256',
      // The supervisor is under test, not the simulator: nothing else writes to the topics.
      ROLES: 'web',
    };
  });

  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      current.child.kill('SIGTERM');
      await current.exited;
    }
    // Whatever a failed assertion left behind (only processes of this test's data dir).
    for (const p of processesMentioning(dataDir)) process.kill(p.pid, 'SIGKILL');
  });

  const kafka = () => new Kafka({ clientId: 'life', brokers: [`127.0.0.1:${env.KAFKA_PORT}`], logLevel: logLevel.NOTHING });

  it('starts its own Kafka and Redis and becomes healthy', async () => {
    current = startTillstream(env);
    await waitForHealth(current, 200);
    const names = processesMentioning(dataDir).map((p) => p.cmd);
    expect(names.some((c) => c.startsWith('java'))).toBe(true);
    expect(names.some((c) => c.startsWith('redis-server'))).toBe(true);
    // Data written now must survive the crash below.
    const redis = new Redis(Number(env.REDIS_PORT), '127.0.0.1');
    await redis.set('life:before-crash', '42');
    redis.disconnect();
    const producer = kafka().producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: 'pos.events', acks: -1, messages: [{ key: 'S001:S001-T01', value: 'before-crash' }] });
    await producer.disconnect();
  });

  it('refuses a second start on the same data directory while the first runs, and leaves the first alone', async () => {
    const second = startTillstream({ ...env, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Tillstream is already running on the data directory .* \(process \d+\)/);
    expect((await fetch(`${current!.url}/api/health`)).status).toBe(200);
  });

  it('refuses a second process that wants the same embedded ClickHouse, saying to set CLICKHOUSE_URL', async () => {
    const second = startTillstream({
      ...env,
      ROLES: 'web',
      PORT: String(await freePort()),
      KAFKA_BROKERS: `127.0.0.1:${env.KAFKA_PORT}`,
      REDIS_URL: `redis://127.0.0.1:${env.REDIS_PORT}`,
    });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Embedded ClickHouse .* already belongs to process \d+/);
    expect(second.output()).toContain('CLICKHOUSE_URL');
  });

  it('after a kill -9 of the supervisor, the next start stops the orphans and resumes with the data it had', async () => {
    current!.child.kill('SIGKILL');
    await current!.exited;
    // Kafka and Redis run on, orphaned, with their pid files in place.
    expect(processesMentioning(dataDir).length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(dataDir, 'run')).sort()).toEqual(['kafka.pid', 'redis.pid', 'supervisor.pid']);

    current = startTillstream(env);
    await waitForHealth(current, 200);
    expect(current.output()).toContain('left over from an earlier run');

    const redis = new Redis(Number(env.REDIS_PORT), '127.0.0.1');
    expect(await redis.get('life:before-crash')).toBe('42');
    redis.disconnect();
    const admin = kafka().admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('pos.events');
    await admin.disconnect();
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(1);
  });

  it('names the port when the web port is taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const other = startTillstream({
      ROLES: 'web',
      DATA_DIR: fs.mkdtempSync(path.join(inject('testDataDir'), 'port-')),
      PORT: String(port),
      KAFKA_BROKERS: `127.0.0.1:${env.KAFKA_PORT}`,
      REDIS_URL: `redis://127.0.0.1:${env.REDIS_PORT}`,
    });
    expect(await other.exited).toBe(1);
    blocker.close();
    expect(other.output()).toContain(`Port ${port} (PORT, web dashboard) is already in use`);
  });

  it('SIGINT (Ctrl-C) stops every child: no Java, Redis or node process of this data dir is left', async () => {
    current!.child.kill('SIGINT');
    expect(await current!.exited).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'run'))).toEqual([]);
  });
});
