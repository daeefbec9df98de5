import type { Redis } from 'ioredis';
import type { AlertStore } from '../../lib/alerts/alert-store';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { Logger } from '../../lib/log';
import type { PartitionLag } from '../../lib/ops/ops-types';
import { redisKeys } from '../../lib/redis-keys';
import { flushAlertHistory } from './alert-history';
import { createConditionEvaluator, EVALUATE_EVERY_MS } from './evaluate-conditions';

/**
 * Every `everyMs` (30 s): the condition rules over every store, then the history of every
 * alert changed since (by the rules, the topic or the API) into ClickHouse. One run at a time;
 * a failed run (Redis or ClickHouse down) is logged and the next one tries again. With several
 * alerts processes, one runs each round: the first to take the round's lease in Redis (the
 * others skip it; were two to run, the versioned writes would still make it one change).
 */
export function startAlertConditions(d: {
  redis: Redis;
  alerts: AlertStore;
  ch: ClickHouseClient;
  log: Logger;
  readLag?: () => Promise<PartitionLag[]>;
  everyMs?: number;
  now?: () => number;
}): () => Promise<void> {
  const evaluate = createConditionEvaluator({ redis: d.redis, alerts: d.alerts, readLag: d.readLag, now: d.now });
  let running: Promise<void> | null = null;
  const lessee = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const run = () => {
    running ??= (async () => {
      try {
        const every = d.everyMs ?? EVALUATE_EVERY_MS;
        const lease = await d.redis.set(redisKeys.alertsEvaluationLease(), lessee, 'PX', Math.max(500, every - 250), 'NX');
        if (lease !== 'OK') return;
        const changed = await evaluate();
        if (changed.length) d.log.info({ changed: changed.map((a) => `${a.id}:${a.state}`) }, 'alert conditions changed');
        await flushAlertHistory(d.ch, d.alerts);
      } catch (err) {
        d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'alert conditions run failed; next run retries');
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(run, d.everyMs ?? EVALUATE_EVERY_MS);
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
