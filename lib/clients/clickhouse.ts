import fs from 'node:fs';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';

export type { ClickHouseClient };

export type ClickHouseTarget =
  | { kind: 'server'; url: string; database: string }
  | { kind: 'embedded'; path: string; database: string };

/**
 * One client API for both deployments: a ClickHouse server over HTTP, or chDB
 * embedded in this process (the default on one machine). The same SQL runs on both.
 */
/**
 * Settings both kinds share. A ClickHouse server quotes 64-bit integers in JSON by
 * default while chDB does not; pinning it makes sums of cents plain numbers on both
 * (exact up to 2^53 cents, far beyond any chain's revenue).
 */
export const SHARED_SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

export async function createClickHouse(target: ClickHouseTarget): Promise<ClickHouseClient> {
  if (target.kind === 'server') {
    return createClient({
      url: target.url,
      database: target.database,
      request_timeout: 30000,
      clickhouse_settings: SHARED_SETTINGS,
    });
  }
  fs.mkdirSync(target.path, { recursive: true });
  // chDB is a native module: load it only in the process that owns the embedded store.
  const { createChdbConnection } = await import('chdb/connection');
  return createClient({
    connection: createChdbConnection({ path: path.resolve(target.path) }),
    database: target.database,
    clickhouse_settings: SHARED_SETTINGS,
  } as Parameters<typeof createClient>[0]);
}
