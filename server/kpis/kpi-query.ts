import { z } from 'zod';

/**
 * The query string of the KPI routes, validated with zod: a wrong or unknown parameter is
 * a 400 that names it. `from`/`to` are ISO 8601 instants, floored to the minute (`to`
 * exclusive); give both or neither.
 */
const storeId = z.string().regex(/^[A-Za-z0-9._:@/-]{1,32}$/, 'expected a store id (1-32 letters, digits, ._:@/-)');
const region = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-11-21T09:00:00Z' });

export const scopeParams = {
  storeId: storeId.optional().describe('one store (any role that may see it)'),
  region: region.optional().describe('one region (HQ roles)'),
  channel: z.enum(['stores', 'web', 'all']).default('all').describe('the tills, the web shop (attributed to the fulfilling location), or both'),
  source: z
    .enum(['auto', 'live', 'history'])
    .default('auto')
    .describe('auto: Redis for ranges within the last 9 days, ClickHouse before; live or history force one (the numbers are the same)'),
};

export const kpiQuerySchema = z
  .object({
    ...scopeParams,
    from: instant.optional().describe('start, inclusive; default: the start of today in each store’s timezone'),
    to: instant.optional().describe('end, exclusive; default: now'),
  })
  .strict();

export const perMinuteQuerySchema = z
  .object({
    ...scopeParams,
    from: instant.optional().describe('start, inclusive; default: 59 minutes before the current minute'),
    to: instant.optional().describe('end, exclusive; default: the end of the current minute'),
  })
  .strict();

export type KpiQuery = z.infer<typeof kpiQuerySchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * The search params as an object, by a strict zod object schema; a parameter given twice is
 * an error, and an unknown one is named with the schema's own parameters listed.
 */
export function parseQuery<T>(schema: z.ZodObject & z.ZodType<T>, url: URL): Parsed<T> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in raw) return { ok: false, field: k, message: 'given more than once' };
    if (v !== '') raw[k] = v;
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown parameter (known: ${Object.keys(schema.shape).join(', ')})` : issue.message;
  return { ok: false, field, message };
}
