import fs from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../log';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../infra/clickhouse/migrations');

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Reads `NNNN_name.sql` files. Each must open with a `--` comment that says why it
 * exists; statements end with `;` at a line end.
 */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = FILE.exec(file);
    if (!m) throw new Error(`migration file ${file}: name must look like 0001_what_it_does.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`migration ${file}: version ${version} is used twice`);
    seen.add(version);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    if (!sql.trimStart().startsWith('--')) {
      throw new Error(`migration ${file}: must start with a -- comment saying why it exists`);
    }
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new Error(`migration ${file}: holds no statement`);
    return { version, name: m[2]!, statements };
  });
}

export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Applies what is not applied yet, in order, and records each in
 * `schema_migrations`. Every statement is written to be idempotent
 * (IF NOT EXISTS), so a crash between a statement and the record is harmless.
 */
export async function migrate(ch: ClickHouseClient, log: Logger, dir = MIGRATIONS_DIR): Promise<number[]> {
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const rs = await ch.query({ query: 'SELECT version FROM schema_migrations FINAL', format: 'JSONEachRow' });
  const done = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const mig of readMigrations(dir)) {
    if (done.has(mig.version)) continue;
    for (const query of mig.statements) await ch.command({ query });
    await ch.insert({
      table: 'schema_migrations',
      values: [{ version: mig.version, name: mig.name }],
      format: 'JSONEachRow',
    });
    log.info({ migration: `${String(mig.version).padStart(4, '0')}_${mig.name}` }, 'clickhouse migration applied');
    applied.push(mig.version);
  }
  return applied;
}
