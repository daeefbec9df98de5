import { describe, expect, it } from 'vitest';
import { leagueQuerySchema, perHourQuerySchema, queryOf, topQuerySchema } from './dashboard-query';
import { ScopeError } from './resolve-scope';

const req = (qs: string) => new Request(`http://x/api/v1/kpis/top?${qs}`);
/** The 400 a query gets: the field and the message, as the routes answer them. */
function problem(schema: Parameters<typeof queryOf>[0], qs: string): { status: number; message: string } | null {
  try {
    queryOf(schema, req(qs));
    return null;
  } catch (err) {
    if (!(err instanceof ScopeError)) throw err;
    return { status: err.status, message: err.message };
  }
}

describe('the dashboard routes’ query strings', () => {
  it('fills the defaults', () => {
    expect(queryOf(topQuerySchema, req(''))).toEqual({ dimension: 'sku', by: 'units', limit: 10 });
    expect(queryOf(topQuerySchema, req('storeId=S001&dimension=category&by=value&limit=50'))).toEqual({ storeId: 'S001', dimension: 'category', by: 'value', limit: 50 });
    expect(queryOf(leagueQuerySchema, req('region=Spain%20North'))).toEqual({ region: 'Spain North', channel: 'all' });
    expect(queryOf(perHourQuerySchema, req('channel=stores'))).toEqual({ channel: 'stores', source: 'auto' });
  });

  it('names unknown parameters and lists the route’s own', () => {
    expect(problem(topQuerySchema, 'storeId=S001&channel=web&from=x')).toEqual({ status: 400, message: 'channel, from: unknown parameter (known: storeId, region, dimension, by, limit)' });
    expect(problem(leagueQuerySchema, 'storeId=S001')).toEqual({ status: 400, message: 'storeId: unknown parameter (known: region, channel)' });
    expect(problem(perHourQuerySchema, 'from=2026-11-20T00:00:00Z')).toEqual({ status: 400, message: 'from: unknown parameter (known: storeId, region, channel, source)' });
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
      expect(problem(topQuerySchema, qs!)?.message.split(':')[0], qs).toBe(field);
    }
    expect(problem(leagueQuerySchema, 'channel=pos')?.message.split(':')[0]).toBe('channel');
    expect(problem(perHourQuerySchema, 'source=cache')?.message.split(':')[0]).toBe('source');
  });
});
