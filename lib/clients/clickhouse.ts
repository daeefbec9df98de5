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
export async function createClickHouse(target: ClickHouseTarget): Promise<ClickHouseClient> {
  if (target.kind === 'server') {
    return createClient({ url: target.url, database: target.database, request_timeout: 30000 });
  }
  fs.mkdirSync(target.path, { recursive: true });
  // chDB is a native module: load it only in the process that owns the embedded store.
  const { createChdbConnection } = await import('chdb/connection');
  return createClient({
    connection: createChdbConnection({ path: path.resolve(target.path) }),
    database: target.database,
  } as Parameters<typeof createClient>[0]);
}
