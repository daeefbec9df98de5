import { jsonSchemaOf, ref, type ApiPathGroup, errorResponse as err } from '../openapi/document';
import { opsAnswerSchema } from './ops-answers';


/** GET /api/v1/ops and GET /api/metrics. */
export const opsApi: ApiPathGroup = {
  tag: {
    name: 'operations',
    description:
      'The pipeline’s own health, for admins: each worker’s throughput, lag, batch times, retries and dead letters (from the counters the ' +
      'harness publishes in Redis), consumer lag per partition (Kafka), dead letters by reason with redacted samples (the DLQ monitor), ' +
      'each store’s freshness and open sequence gaps, those of the central sources (web shop, warehouse, HQ systems), and Kafka, Redis and ' +
      'ClickHouse health; the same numbers in the Prometheus text format.',
  },
  paths: {
    '/api/v1/ops': {
      get: {
        operationId: 'getOperations',
        summary: 'Workers, consumer lag, dead letters by reason, store and central source freshness and gaps, service health',
        security: [{ cookieAuth: [] }],
        responses: {
          '200': { description: 'The operations view now', content: { 'application/json': { schema: ref('OpsAnswer') } } },
          '401': err('Not signed in'),
          '403': err('Not an admin'),
          '503': err('Redis did not answer; retry after Retry-After'),
        },
      },
    },
    '/api/metrics': {
      get: {
        operationId: 'getMetrics',
        summary: 'The operations numbers in the Prometheus text exposition format (0.0.4), for a Prometheus scrape',
        description:
          'Counters (`tillstream_worker_*_total`, `tillstream_dlq_messages_total`) and gauges (lag per worker and per partition, batch seconds, ' +
          'events per second, store and central source freshness seconds and missing seqs, service up and latency). An admin session, or ' +
          '`Authorization: Bearer <METRICS_TOKEN>` when the server has that token configured.',
        security: [{ cookieAuth: [] }, { metricsToken: [] }],
        responses: {
          '200': { description: 'The metrics', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } },
          '401': err('No session and no bearer token, or a bearer token that is not METRICS_TOKEN'),
          '403': err('Signed in, but not an admin'),
          '503': err('Redis did not answer'),
        },
      },
    },
  },
  schemas: { OpsAnswer: jsonSchemaOf(opsAnswerSchema) },
  securitySchemes: { metricsToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the server (for Prometheus scrapes)' } },
};
