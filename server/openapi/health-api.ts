import { z } from 'zod';
import type { HealthReport } from '../../lib/live/health-types';
import { jsonSchemaOf, ref, type ApiPathGroup } from './document';

const dependencySchema = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number().min(0).describe('how long the question took, in ms'),
  error: z.string().max(200).optional().describe('only when down'),
});

export const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'down']).describe('ok when every dependency is ok'),
    checkedAt: z.string().describe('when the check ran, ISO 8601 UTC'),
    dependencies: z.object({ kafka: dependencySchema, redis: dependencySchema, clickhouse: dependencySchema }),
  })
  .describe('Each dependency’s status and latency');

// The schema describes the real type: this line stops compiling when the two drift apart.
const _sameShape = (r: z.infer<typeof healthReportSchema>): HealthReport => r;

/** GET /api/health. */
export const healthApi: ApiPathGroup = {
  tag: { name: 'health', description: 'Is this instance able to serve: Kafka, Redis and ClickHouse each asked one cheap question.' },
  paths: {
    '/api/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Health of this instance and its dependencies',
        description: 'For load balancers and probes. Never cached.',
        responses: {
          '200': { description: 'Kafka, Redis and ClickHouse each answered within 2 s', content: { 'application/json': { schema: ref('HealthReport') } } },
          '503': { description: 'At least one dependency did not answer; the body says which and why', content: { 'application/json': { schema: ref('HealthReport') } } },
        },
      },
    },
  },
  schemas: { HealthReport: jsonSchemaOf(healthReportSchema) },
};
