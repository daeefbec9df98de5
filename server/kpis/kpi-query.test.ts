import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { leagueQuerySchema, perHourQuerySchema, topQuerySchema } from './dashboard-query';
import { kpiQuerySchema, parseQuery, perMinuteQuerySchema } from './kpi-query';

const url = (qs: string) => new URL(`http://x/api/v1/kpis?${qs}`);

describe('parseQuery', () => {
  it('names an unknown parameter and lists the parameters of the schema it was given', () => {
    expect(parseQuery(kpiQuerySchema, url('store=S001'))).toEqual({ ok: false, field: 'store', message: 'unknown parameter (known: storeId, region, channel, source, from, to)' });
    expect(parseQuery(perMinuteQuerySchema, url('limit=5'))).toMatchObject({ field: 'limit', message: 'unknown parameter (known: storeId, region, channel, source, from, to)' });
    expect(parseQuery(topQuerySchema, url('from=2026-11-20T00:00:00Z'))).toMatchObject({ field: 'from', message: 'unknown parameter (known: storeId, region, dimension, by, limit)' });
    expect(parseQuery(leagueQuerySchema, url('storeId=S001&source=live'))).toMatchObject({ field: 'storeId, source', message: 'unknown parameter (known: region, channel)' });
    expect(parseQuery(perHourQuerySchema, url('to=x'))).toMatchObject({ message: 'unknown parameter (known: storeId, region, channel, source)' });
    expect(parseQuery(z.strictObject({ a: z.string().optional(), b: z.string().optional() }), url('c=1'))).toMatchObject({ field: 'c', message: 'unknown parameter (known: a, b)' });
  });

  it('parses known parameters, and refuses one given twice or a bad value by its name', () => {
    expect(parseQuery(kpiQuerySchema, url('storeId=S001&channel=web'))).toEqual({ ok: true, value: { storeId: 'S001', channel: 'web', source: 'auto' } });
    expect(parseQuery(kpiQuerySchema, url('storeId=S001&storeId=S002'))).toEqual({ ok: false, field: 'storeId', message: 'given more than once' });
    expect(parseQuery(kpiQuerySchema, url('channel=pos'))).toMatchObject({ ok: false, field: 'channel' });
  });
});
