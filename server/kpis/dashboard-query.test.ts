import { describe, expect, it } from 'vitest';
import { leagueQuerySchema, perHourQuerySchema, topQuerySchema } from './dashboard-query';
import { parseQuery } from './kpi-query';

const url = (qs: string) => new URL(`http://x/api/v1/kpis/top?${qs}`);
function queryOf<T>(schema: Parameters<typeof parseQuery<T>>[0], qs: string): T {
  const q = parseQuery(schema, url(qs));
  if (!q.ok) throw new Error(`${q.field}: ${q.message}`);
  return q.value;
}
/** The 400 a query gets, as the routes answer it (`field: message`); null when it is fine. */
function problem(schema: Parameters<typeof parseQuery>[0], qs: string): { field: string; message: string } | null {
  const q = parseQuery(schema, url(qs));
  return q.ok ? null : { field: q.field, message: `${q.field}: ${q.message}` };
}

describe('the dashboard routes’ query strings', () => {
  it('fills the defaults', () => {
    expect(queryOf(topQuerySchema, '')).toEqual({ dimension: 'sku', by: 'units', limit: 10 });
    expect(queryOf(topQuerySchema, 'storeId=S001&dimension=category&by=value&limit=50')).toEqual({ storeId: 'S001', dimension: 'category', by: 'value', limit: 50 });
    expect(queryOf(leagueQuerySchema, 'region=Spain%20North')).toEqual({ region: 'Spain North', channel: 'all' });
    expect(queryOf(perHourQuerySchema, 'channel=stores')).toEqual({ channel: 'stores', source: 'auto' });
  });

  it('names unknown parameters and lists the route’s own', () => {
    expect(problem(topQuerySchema, 'storeId=S001&channel=web&from=x')).toEqual({ field: 'channel, from', message: 'channel, from: unknown parameter (known: storeId, region, dimension, by, limit)' });
    expect(problem(leagueQuerySchema, 'storeId=S001')).toEqual({ field: 'storeId', message: 'storeId: unknown parameter (known: region, channel)' });
    expect(problem(perHourQuerySchema, 'from=2026-11-20T00:00:00Z')).toEqual({ field: 'from', message: 'from: unknown parameter (known: storeId, region, channel, source)' });
  });

  it('refuses a limit outside 1..50 or not a whole number, and other bad values, naming the field', () => {
    for (const [qs, field] of [
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['limit=2.5', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=ten', 'limit'],
      ['dimension=brand', 'dimension'],
      ['by=margin', 'by'],
      ['storeId=S%20001', 'storeId'],
      ['limit=5&limit=6', 'limit'],
    ]) {
      expect(problem(topQuerySchema, qs!)?.field, qs).toBe(field);
    }
    expect(problem(leagueQuerySchema, 'channel=pos')?.field).toBe('channel');
    expect(problem(perHourQuerySchema, 'source=cache')?.field).toBe('source');
  });
});
