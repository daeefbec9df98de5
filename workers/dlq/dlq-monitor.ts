import type { Redis } from 'ioredis';
import { reasonClass } from '../../lib/ops/dlq-reason';
import { redactSample } from '../../lib/ops/redact-sample';
import { TOPICS } from '../../lib/topics';
import { DLQ_HEADERS, DependencyUnavailable, type InputMessage, type Outcome, type WorkerDefinition } from '../harness/worker';
import { applyDlqCounts, MINUTE_TTL_S, type DlqCount } from './dlq-counts';

const OK: Outcome = { kind: 'ok' };

/** The `<worker>|<reason class>` a dead letter is counted under. */
export const dlqField = (worker: string, reason: string) => `${worker}|${reasonClass(reason)}`;

/** What the monitor counts of one events.dlq message (pure: the reason, the minute, the redacted sample). */
export function countOf(m: InputMessage, now: number): DlqCount {
  const reason = m.headers[DLQ_HEADERS.reason] || 'no reason given';
  const worker = m.headers[DLQ_HEADERS.worker] || 'unknown';
  const ts = m.timestamp ? Number(m.timestamp) : NaN;
  const when = Number.isFinite(ts) && ts > 0 ? ts : now;
  const partition = Number(m.headers[DLQ_HEADERS.partition]);
  const sample = redactSample({
    value: m.value,
    headers: m.headers,
    reason,
    worker,
    at: new Date(when).toISOString(),
    origin: {
      topic: m.headers[DLQ_HEADERS.topic] ?? null,
      partition: Number.isInteger(partition) ? partition : null,
      offset: m.headers[DLQ_HEADERS.offset] ?? null,
    },
  });
  return {
    offset: m.offset,
    field: dlqField(worker, reason),
    minute: now - when < MINUTE_TTL_S * 1000 ? Math.floor(when / 60_000) : null,
    at: sample.at,
    sample: JSON.stringify(sample),
  };
}

/**
 * The DLQ monitor: reads events.dlq and keeps, in Redis, dead letters counted by worker and
 * reason class (in total and per minute for the last hour) and the last samples of each,
 * redacted (lib/ops/redact-sample.ts). Every message is `ok`: nothing it reads goes back to
 * the DLQ; Redis down is a retry of the batch.
 */
export function createDlqMonitor(d: { redis: Redis; now?: () => number }): WorkerDefinition {
  const now = d.now ?? Date.now;
  return {
    name: 'dlq',
    topics: [TOPICS.eventsDlq.name],
    handle: async (batch) => {
      const t = now();
      const counts = batch.messages.map((m) => countOf(m, t));
      try {
        await applyDlqCounts(d.redis, batch.partition, counts);
      } catch (err) {
        throw new DependencyUnavailable('redis', err);
      }
      return { outcomes: batch.messages.map(() => OK) };
    },
  };
}
