import { Redis } from 'ioredis';

/**
 * A Redis client for commands. Pub/sub needs clients of its own (a subscribed
 * connection cannot run commands), so callers create one per purpose.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}
