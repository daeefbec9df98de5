import type { Admin } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';

import type { DependencyName, DependencyStatus, HealthReport } from '../../lib/live/health-types';

export type { HealthReport };

export interface HealthProbes {
  kafka: Admin;
  redis: Redis;
  clickhouse: ClickHouseClient;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function probe(name: DependencyName, fn: () => Promise<unknown>, timeoutMs: number): Promise<DependencyStatus> {
  const t0 = performance.now();
  try {
    await withTimeout(fn(), timeoutMs, name);
    return { status: 'ok', latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    return {
      status: 'down',
      latencyMs: Math.round((performance.now() - t0) * 10) / 10,
      // The message only: error objects of clients can carry connection strings.
      error: err instanceof Error ? err.message.slice(0, 200) : 'unknown error',
    };
  }
}

/** Asks each dependency one cheap question, all at once; "down" when any one fails. */
export async function checkHealth(p: HealthProbes, timeoutMs = 2000): Promise<HealthReport> {
  const [kafka, redis, clickhouse] = await Promise.all([
    probe(
      'kafka',
      async () => {
        const c = await p.kafka.describeCluster();
        if (c.brokers.length === 0) throw new Error('no broker in the cluster metadata');
      },
      timeoutMs,
    ),
    probe(
      'redis',
      async () => {
        if ((await p.redis.ping()) !== 'PONG') throw new Error('PING did not answer PONG');
      },
      timeoutMs,
    ),
    probe(
      'clickhouse',
      async () => {
        const rs = await p.clickhouse.query({ query: 'SELECT 1 AS ok', format: 'JSONEachRow' });
        await rs.json();
      },
      timeoutMs,
    ),
  ]);
  const dependencies = { kafka, redis, clickhouse };
  const down = Object.values(dependencies).some((d) => d.status === 'down');
  return { status: down ? 'down' : 'ok', checkedAt: new Date().toISOString(), dependencies };
}
