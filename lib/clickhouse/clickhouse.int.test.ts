import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../clients/clickhouse';
import { createLogger } from '../log';
import { migrate, readMigrations } from './migrate';

describe('embedded ClickHouse (chDB) through @clickhouse/client', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let ch: ClickHouseClient;
  let dir: string;

  beforeAll(async () => {
    dir = path.join(inject('testDataDir'), 'clickhouse-int');
    ch = await createClickHouse({ kind: 'embedded', path: dir, database: 'default' });
  });
  afterAll(async () => {
    await ch?.close();
  });

  it('applies every migration once, records it, and applies nothing the second time', async () => {
    const all = readMigrations().map((m) => m.version);
    expect(await migrate(ch, log)).toEqual(all);
    expect(await migrate(ch, log)).toEqual([]);
    const rs = await ch.query({ query: 'SELECT version, name FROM schema_migrations FINAL ORDER BY version', format: 'JSONEachRow' });
    const rows = await rs.json<{ version: number; name: string }>();
    expect(rows.map((r) => Number(r.version))).toEqual(all);
    expect(rows[0]?.name).toBe('events');
  });

  it('answers a query with server-side parameters, and a hostile value stays data', async () => {
    const rows = [
      { id: 'e1', type: 'pos.receipt.closed', schema_version: 1, source: 'S001-T01', seq: 1, occurred_at: '2026-11-21 10:15:03.123', store_id: 'S001', till_id: 'S001-T01', cashier_id: 'C1', receipt_id: 'R1', payload: '{"total":1250}' },
      { id: 'e2', type: 'pos.receipt.closed', schema_version: 1, source: 'S002-T01', seq: 1, occurred_at: '2026-11-21 10:16:00.000', store_id: 'S002', till_id: 'S002-T01', cashier_id: 'C2', receipt_id: 'R2', payload: '{"total":990}' },
    ];
    await ch.insert({ table: 'events', values: rows, format: 'JSONEachRow' });
    const q = async (storeId: string) => {
      const rs = await ch.query({
        query: `SELECT count() AS n, sum(JSONExtractInt(payload, 'total')) AS gross
                FROM events FINAL WHERE store_id = {storeId:String} AND type = {type:String}`,
        query_params: { storeId, type: 'pos.receipt.closed' },
        format: 'JSONEachRow',
      });
      return (await rs.json<{ n: number; gross: number }>())[0];
    };
    expect(await q('S001')).toEqual({ n: 1, gross: 1250 });
    expect(await q("S001' OR '1'='1")).toEqual({ n: 0, gross: 0 });
  });

  it('keeps its data in the directory it was given', () => {
    expect(fs.readdirSync(dir).length).toBeGreaterThan(0);
  });
});
