import type { Redis } from 'ioredis';
import type { Logger } from '../../../lib/log';
import { batchOf, partitionByKey } from '../../sink/testing/partitioned-input';
import { createValidator } from '../../validator/validator';
import type { WorkerDefinition } from '../worker';

/** Hands each partition's messages to a worker in batches of random size; returns the outputs and outcome counts. */
export async function feedWorker(worker: WorkerDefinition, parts: Buffer[][], size: () => number, topic = 'events.validated') {
  const out: Buffer[] = [];
  const counts = { ok: 0, duplicate: 0, dlq: 0 };
  const next = parts.map(() => 0);
  for (let any = true; any; ) {
    any = false;
    for (let p = 0; p < parts.length; p++) {
      if (next[p]! >= parts[p]!.length) continue;
      any = true;
      const to = Math.min(parts[p]!.length, next[p]! + size());
      const b = batchOf(parts[p]!, p, next[p]!, to);
      const r = await worker.handle({ ...b, topic, messages: b.messages.map((m) => ({ ...m, topic })) });
      for (const o of r.outcomes) counts[o.kind] += 1;
      for (const m of r.produce ?? []) out.push(Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value));
      await r.afterOutput?.();
      next[p] = to;
    }
  }
  return { out, counts };
}

/**
 * The real validator in front, as in production: a simulated run's deliveries through it,
 * master data first, then the other topics; returns what it forwarded to events.validated.
 */
export async function validateAll(redis: Redis, log: Logger, deliveries: { topic: string; source: string; json: string }[], now: number, size: () => number): Promise<Buffer[]> {
  const validator = createValidator({ redis, log, now: () => now });
  const ofTopic = (topic: string) => deliveries.filter((d) => d.topic === topic);
  const validated = (await feedWorker(validator.masterData, [ofTopic('hq.masterdata').map((d) => Buffer.from(d.json))], size, 'hq.masterdata')).out;
  for (const topic of ['hq.promotions', 'warehouse.events', 'ecom.events', 'pos.events']) {
    validated.push(...(await feedWorker(validator.events, partitionByKey(ofTopic(topic), 6), size, topic)).out);
  }
  return validated;
}
