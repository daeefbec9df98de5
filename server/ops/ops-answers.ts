import { z } from 'zod';
import type { DlqReasonCount, DlqSample, OpsAnswer, PartitionLag, SourceOps, StoreOps, WorkerOps } from '../../lib/ops/ops-types';
import { healthReportSchema } from '../openapi/health-api';

const iso = z.string().describe('ISO 8601 UTC');
const rate = z.number().nullable().describe('per second over the last 30 s; null until two samples of the counters are known');

export const workerOpsSchema = z.object({
  worker: z.string().describe('the worker’s name (its counters in Redis `ts:worker:<name>:<instance>`)'),
  instances: z.number().int().describe('live processes (counters published in the last 30 s)'),
  consumed: z.number().int(),
  ok: z.number().int(),
  duplicate: z.number().int(),
  dlq: z.number().int().describe('messages it sent to events.dlq'),
  produced: z.number().int().describe('messages it produced, dead letters excluded'),
  batches: z.number().int(),
  retries: z.number().int().describe('batches retried because a dependency was down'),
  lag: z.number().int().describe('messages not yet consumed over its partitions, as its processes last saw it'),
  inPerSecond: rate,
  outPerSecond: rate,
  lastBatchMs: z.number().describe('the slowest process’s last batch, ms'),
  avgBatchMs: z.number().describe('the slowest process’s moving average, ms'),
  lastBatchAt: iso.nullable(),
  updatedAt: iso.nullable(),
});

export const partitionLagSchema = z.object({
  group: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  committed: z.string().nullable().describe('the group’s committed offset; null when nothing is committed yet'),
  end: z.string().describe('the partition’s end offset'),
  lag: z.number().int(),
});

export const dlqSampleSchema = z.object({
  at: iso,
  worker: z.string(),
  origin: z.object({ topic: z.string().nullable(), partition: z.number().int().nullable(), offset: z.string().nullable() }),
  reason: z.string().describe('the reason as given, long digit runs masked, truncated'),
  field: z.string().nullable().describe('the field the reason names'),
  value: z.string().nullable().describe('that field’s value, personal and payment data masked, truncated'),
  type: z.string().nullable(),
  source: z.string().nullable(),
  seq: z.number().nullable(),
  occurredAt: z.string().nullable(),
  storeId: z.string().nullable(),
  bytes: z.number().int(),
  unparseable: z.boolean().describe('not a JSON object: nothing of it is kept'),
});

export const dlqReasonSchema = z.object({
  worker: z.string(),
  reason: z.string().describe('the reason class: every token with a digit replaced by #'),
  total: z.number().int(),
  lastHour: z.number().int(),
  perMinute: z.array(z.number().int()).describe('the last 60 minutes, oldest first'),
  lastAt: iso.nullable(),
  samples: z.array(dlqSampleSchema).describe('the last 20, newest first, redacted'),
});

export const storeOpsSchema = z.object({
  storeId: z.string(),
  name: z.string(),
  region: z.string(),
  status: z.enum(['online', 'lagging', 'offline']),
  lastEventAt: iso.nullable(),
  freshnessSeconds: z.number().nullable().describe('seconds since its last event arrived; null: never'),
  lagMs: z.number().nullable(),
  missing: z.number().int().describe('seqs missing over its sources'),
  gaps: z.array(z.object({ source: z.string(), first: z.number().int(), last: z.number().int() })).describe('open gaps (the first 20 per source)'),
});

export const sourceOpsSchema = z.object({
  source: z.string(),
  lastEventAt: iso.nullable(),
  freshnessSeconds: z.number().nullable().describe('seconds since its last event arrived; null: never'),
  lagMs: z.number().nullable(),
  missing: z.number().int().describe('seqs missing below its highest'),
  gaps: z.array(z.object({ first: z.number().int(), last: z.number().int() })).describe('open gaps (the first 20)'),
});

export const opsAnswerSchema = z
  .object({
    generatedAt: iso,
    workers: z.array(workerOpsSchema),
    consumerLag: z.array(partitionLagSchema).describe('per consumer group, topic and partition, from Kafka'),
    consumerLagError: z.string().nullable().describe('why the lag is empty when Kafka did not answer'),
    dlq: z.object({ total: z.number().int(), lastHour: z.number().int(), reasons: z.array(dlqReasonSchema) }),
    stores: z.array(storeOpsSchema),
    sources: z.array(sourceOpsSchema).describe('the central sources (web shop, warehouse, HQ systems): in no store’s freshness'),
    health: healthReportSchema,
  })
  .describe('The pipeline’s health: workers, consumer lag, dead letters, store and central source freshness, services');

// Both ways: the schemas describe exactly the types the browser reads.
const _w = (x: z.infer<typeof workerOpsSchema>): WorkerOps => x;
const _wb = (x: WorkerOps): z.infer<typeof workerOpsSchema> => x;
const _l = (x: z.infer<typeof partitionLagSchema>): PartitionLag => x;
const _lb = (x: PartitionLag): z.infer<typeof partitionLagSchema> => x;
const _s = (x: z.infer<typeof dlqSampleSchema>): DlqSample => x;
const _sb = (x: DlqSample): z.infer<typeof dlqSampleSchema> => x;
const _r = (x: z.infer<typeof dlqReasonSchema>): DlqReasonCount => x;
const _rb = (x: DlqReasonCount): z.infer<typeof dlqReasonSchema> => x;
const _st = (x: z.infer<typeof storeOpsSchema>): StoreOps => x;
const _stb = (x: StoreOps): z.infer<typeof storeOpsSchema> => x;
const _so = (x: z.infer<typeof sourceOpsSchema>): SourceOps => x;
const _sob = (x: SourceOps): z.infer<typeof sourceOpsSchema> => x;
const _a = (x: z.infer<typeof opsAnswerSchema>): OpsAnswer => x;
const _ab = (x: OpsAnswer): z.infer<typeof opsAnswerSchema> => x;
