import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import type { Logger } from '../../lib/log';
import type { Endpoints } from '../../infra/local-infra';
import { createApiKeyStore } from './api-keys';
import { createIdempotencyStore } from './idempotency';
import { createIngestService, type IngestService } from './ingest-service';
import { createEventPublisher, createIngestProducer, type EventPublisher } from './publish';
import { createRateLimiter } from './rate-limit';

/**
 * The REST ingest of one web process: its own Redis client (keys, rate limits,
 * idempotency) and its one idempotent Kafka producer (also the promotions' publisher). Neither has to be reachable at
 * start: requests answer 503 until they are.
 */
export async function startIngest(o: { endpoints: Endpoints; log: Logger }): Promise<{ service: IngestService; publisher: EventPublisher; stop: () => Promise<void> }> {
  const log = o.log.child({ component: 'ingest' });
  const redis = createRedis(o.endpoints.redisUrl, 'tillstream-web-ingest');
  redis.on('error', (err: Error) => log.debug({ err: err.message }, 'redis client error'));
  await redis.connect().catch((err: Error) => log.warn({ err: err.message }, 'redis not reachable yet'));
  const producer = createIngestProducer(createKafka({ brokers: o.endpoints.kafkaBrokers, clientId: 'tillstream-web-ingest', log }));
  const publisher = createEventPublisher({ producer, log });
  publisher.warmUp();
  const service = createIngestService({
    keys: createApiKeyStore(redis),
    rateLimiter: createRateLimiter(redis),
    idempotency: createIdempotencyStore(redis),
    publisher,
    log,
  });
  return {
    service,
    // HQ's own events (promotions authored in the web tier) go out through the same producer.
    publisher,
    stop: async () => {
      await publisher.close().catch((err: Error) => log.warn({ err: err.message }, 'ingest: producer did not disconnect cleanly'));
      redis.disconnect();
    },
  };
}
