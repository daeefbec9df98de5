import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../lib/loss/exception-metrics';
import { CASHIER_QUERY, ROLLUP_QUERY } from './history-exceptions';
import { METRIC_OF_COLUMN, METRIC_SQL, RESOLVED_AMOUNT, ROLLUP_TYPES } from './exception-sql';

const MIGRATION = fs.readFileSync(path.resolve(import.meta.dirname, '../../infra/clickhouse/migrations/0007_exceptions_rollup.sql'), 'utf8');
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the exception rollup (migration 0007) and the SQL of the read API', () => {
  it('has a column for every metric that has one, and the SQL of each as exception-sql.ts states it, in its backfill and its view', () => {
    const columns = METRICS.filter((m) => m.column !== null).map((m) => m.column);
    expect(Object.keys(METRIC_SQL)).toEqual(columns);
    const sql = flat(MIGRATION);
    for (const [column, expr] of Object.entries(METRIC_SQL)) {
      expect(sql.split(`${flat(expr)} AS ${column},`).length + sql.split(`${flat(expr)} AS ${column} FROM`).length - 2, column).toBe(2);
      expect(sql, column).toMatch(new RegExp(`\\b${column}\\s+Int64`));
    }
    for (const t of ROLLUP_TYPES) expect(sql.split(`'${t}'`).length - 1, t).toBeGreaterThanOrEqual(2);
    expect([...METRIC_OF_COLUMN.keys()]).toEqual(columns);
  });

  it('reads every column, and counts a cashier’s shifts with the same SQL', () => {
    for (const c of Object.keys(METRIC_SQL)) expect(ROLLUP_QUERY).toContain(`sum(${c}) AS ${c}`);
    for (const [c, expr] of Object.entries(METRIC_SQL)) expect(flat(CASHIER_QUERY)).toContain(`${flat(expr)} AS ${c}`);
  });

  it('resolves voids and overrides stored before the sink did so the same way in the backfill and in a cashier’s history', () => {
    expect(flat(MIGRATION)).toContain(flat(RESOLVED_AMOUNT));
    expect(flat(CASHIER_QUERY)).toContain(flat(RESOLVED_AMOUNT));
    for (const q of [flat(MIGRATION), flat(CASHIER_QUERY)]) expect(q).toContain("argMaxIf(l.units, l.seq, l.type IN ('pos.item.added', 'pos.item.quantity.changed')) AS qty");
  });

  it('passes every value as a server-side parameter', () => {
    for (const q of [ROLLUP_QUERY, CASHIER_QUERY]) {
      expect(q).toContain('{from:');
      expect(q).not.toMatch(/\$\{/);
    }
  });
});
