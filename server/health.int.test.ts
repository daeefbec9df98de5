import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../lib/ports';
import { HEALTH_EVENT, type HealthReport } from '../lib/live/health-types';
import { startTillstream, waitForHealth, type TillstreamProcess } from '../test/tillstream-process';

/** The web role against the run's real Kafka and Redis, through the real entry point. */
describe('GET /api/health and Socket.IO on the same port', () => {
  const started: TillstreamProcess[] = [];
  afterAll(async () => {
    for (const p of started) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  async function web(overrides: Record<string, string>): Promise<TillstreamProcess> {
    const dataDir = fs.mkdtempSync(path.join(inject('testDataDir'), 'web-'));
    const p = startTillstream({
      ROLES: 'web',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      REDIS_URL: inject('redisUrl'),
      ...overrides,
    });
    started.push(p);
    return p;
  }

  it('answers 200 with each dependency ok and its latency, and pushes the same report over Socket.IO', async () => {
    const p = await web({});
    const report = (await waitForHealth(p, 200)) as HealthReport;
    expect(report.status).toBe('ok');
    for (const name of ['kafka', 'redis', 'clickhouse'] as const) {
      expect(report.dependencies[name].status).toBe('ok');
      expect(report.dependencies[name].latencyMs).toBeGreaterThanOrEqual(0);
    }
    const socket = io(p.url, { transports: ['websocket'] });
    const pushed = await new Promise<HealthReport>((resolve) => socket.once(HEALTH_EVENT, resolve));
    socket.close();
    expect(pushed.status).toBe('ok');
    expect(Object.keys(pushed.dependencies).sort()).toEqual(['clickhouse', 'kafka', 'redis']);
  });

  it('answers 503 naming Redis when Redis is down, the others still ok', async () => {
    const p = await web({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const report = (await waitForHealth(p, 503)) as HealthReport;
    expect(report.status).toBe('down');
    expect(report.dependencies.redis.status).toBe('down');
    expect(report.dependencies.redis.error).toBeTruthy();
    expect(report.dependencies.kafka.status).toBe('ok');
    expect(report.dependencies.clickhouse.status).toBe('ok');
  });
});
