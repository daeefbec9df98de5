import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { createKeyWithCli, startWeb, stopWeb, type CreatedKey } from '../../test/ingest-harness';
import type { TillstreamProcess } from '../../test/tillstream-process';

/**
 * Schema-driven fuzzing of POST /api/v1/events on the real server: requests are
 * generated from the OpenAPI document the server serves (valid events from its
 * `Event` schema, then mutated), mixed with broken bodies, odd content types, odd
 * headers and bad keys. Every answer must be a status the document lists, with the
 * body it documents for that status, and never a 5xx.
 */
type Schema = Record<string, unknown>;
type Json = unknown;

const STORE = 'F001';
const INT32 = 2 ** 31 - 1;

/** An arbitrary of values that (mostly) satisfy a JSON Schema of the kind the contract emits. */
function fromSchema(s: Schema): fc.Arbitrary<Json> {
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as Json[]));
  if (Array.isArray(s.anyOf)) return fc.oneof(...(s.anyOf as Schema[]).map(fromSchema));
  if (Array.isArray(s.oneOf)) return fc.oneof(...(s.oneOf as Schema[]).map(fromSchema));
  switch (s.type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v)]));
      return fc.record(model, { requiredKeys: required.filter((k) => k in props) });
    }
    case 'array': {
      const min = (s.minItems as number | undefined) ?? 0;
      return fc.array(s.items ? fromSchema(s.items as Schema) : fc.jsonValue(), { minLength: min, maxLength: Math.max(min, Math.min(3, (s.maxItems as number | undefined) ?? 3)) });
    }
    case 'string': {
      if (s.format === 'date-time') {
        return fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
      }
      const min = (s.minLength as number | undefined) ?? 0;
      const max = Math.min((s.maxLength as number | undefined) ?? 40, 64);
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern);
        return fc
          .stringMatching(re)
          .map((v) => v.slice(0, max))
          .filter((v) => v.length >= min && re.test(v));
      }
      return fc.string({ minLength: min, maxLength: Math.max(min, max) });
    }
    case 'integer': {
      const min = Math.max(-INT32, (s.minimum as number | undefined) ?? -INT32);
      const max = Math.min(INT32, (s.maximum as number | undefined) ?? INT32);
      return fc.integer({ min, max: Math.max(min, max) });
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue();
  }
}

/** Puts a generated event in the key's store most of the time, so that valid ones get through. */
function inScope(e: Record<string, unknown>, keep: boolean): Record<string, unknown> {
  if (keep) return e;
  const payload = { ...(e.payload as Record<string, unknown>) };
  for (const f of ['locationId', 'fromLocationId']) if (f in payload) payload[f] = STORE;
  return { ...e, storeId: STORE, source: `${STORE}-T1`, payload };
}

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.constant(-1),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 20 }),
  fc.constant('x'.repeat(200_000)),
  fc.constant('\u0000\ud800'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
);

/** One of: unchanged, a key removed, a value replaced by junk, an extra key, at the top or in the payload. */
function mutate(e: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const top = Object.keys(e);
  const payloadKeys = Object.keys((e.payload as Record<string, unknown>) ?? {});
  const where = fc.oneof(fc.constantFrom(...top.map((k) => [k])), ...(payloadKeys.length ? [fc.constantFrom(...payloadKeys.map((k) => ['payload', k]))] : []));
  const set = (path: string[], value: Json, remove: boolean) => {
    const copy = structuredClone(e);
    const parent = path.length === 2 ? (copy.payload as Record<string, unknown>) : copy;
    if (remove) delete parent[path[path.length - 1]!];
    else parent[path[path.length - 1]!] = value;
    return copy;
  };
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(e) },
    { weight: 1, arbitrary: where.map((p) => set(p, undefined, true)) },
    { weight: 3, arbitrary: fc.tuple(where, junk).map(([p, v]) => set(p, v, false)) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), junk).map(([k, v]) => ({ ...e, [k]: v })) },
  );
}

interface FuzzRequest {
  auth: string | null;
  contentType: string | null;
  idempotencyKey: string | null;
  body: string;
}

describe('POST /api/v1/events under a schema-driven fuzzer', () => {
  let web: TillstreamProcess;
  let key: CreatedKey;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    [web, key] = await Promise.all([startWeb('ingest-fuzz'), createKeyWithCli(STORE, 'fuzzer', ['--rate', '1000000'])]);
    const res = await fetch(`${web.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Record<string, unknown>;
  });

  afterAll(async () => {
    await stopWeb(web);
  });

  it('answers every request with a documented 2xx/4xx and its documented body, never a 5xx', async () => {
    const check = openApiChecker(doc);
    const documented = check.statuses('/api/v1/events', 'post');
    const eventSchema = (doc.components as { schemas: Record<string, Schema> }).schemas.Event!;
    const branches = (eventSchema.oneOf as Schema[]).map(fromSchema) as fc.Arbitrary<Record<string, unknown>>[];
    const event = fc
      .tuple(fc.oneof(...branches), fc.integer({ min: 0, max: 9 }).map((n) => n === 0))
      .map(([e, keep]) => inScope(e, keep))
      .chain(mutate);
    const events = fc.array(event, { minLength: 1, maxLength: 6 });
    const wellFormedUnknown = `tsk_${crypto.randomBytes(8).toString('hex')}_${crypto.randomBytes(32).toString('base64url')}`;

    const body = fc.oneof(
      { weight: 5, arbitrary: events.map((es) => ({ ct: 'application/json', text: JSON.stringify(es) })) },
      { weight: 3, arbitrary: events.map((es) => ({ ct: 'application/x-ndjson', text: es.map((e) => JSON.stringify(e)).join('\n') })) },
      {
        weight: 1,
        arbitrary: fc.tuple(events, fc.nat()).map(([es, cut]) => {
          const text = JSON.stringify(es);
          return { ct: 'application/json', text: text.slice(0, cut % text.length) };
        }),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(events, fc.string({ maxLength: 30 })).map(([es, garbage]) => ({
          ct: 'application/x-ndjson',
          text: [...es.map((e) => JSON.stringify(e)), garbage].join('\n'),
        })),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ ct: 'application/json', text: JSON.stringify(v) ?? '' })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((t) => ({ ct: 'application/json', text: t })) },
      { weight: 1, arbitrary: fc.constantFrom('', '[]', 'null', '[[[[[[[[[[]]]]]]]]]]', `[${'['.repeat(5000)}${']'.repeat(5000)}]`).map((t) => ({ ct: 'application/json', text: t })) },
      { weight: 1, arbitrary: fc.integer({ min: 5001, max: 6000 }).map((n) => ({ ct: 'application/x-ndjson', text: '{}\n'.repeat(n) })) },
    );
    const contentType = (natural: string) =>
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(natural) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            null,
            'text/plain',
            'application/xml',
            'application/json; charset=utf-16',
            'APPLICATION/JSON; charset="utf-8"',
            'application/x-ndjson; foo=bar',
            'multipart/form-data; boundary=--x',
            'application/json, text/plain',
            '*/*',
          ),
        },
      );
    const auth = fc.oneof(
      { weight: 10, arbitrary: fc.constant(`Bearer ${key.key}`) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          null,
          '',
          'Bearer',
          'Bearer ',
          `Basic ${Buffer.from('a:b').toString('base64')}`,
          `Bearer ${wellFormedUnknown}`,
          `Bearer ${key.key.toUpperCase()}`,
          `Bearer ${key.key}x`,
          `Token ${key.key}`,
          `Bearer ${key.key} ${key.key}`,
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`) },
    );
    const idempotencyKey = fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constantFrom('same-1', 'same-2') },
      { weight: 1, arbitrary: fc.string({ minLength: 0, maxLength: 300 }) },
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(255), 'x'.repeat(256), 'caf\u00e9', 'tab\there', ' ') },
    );
    const request: fc.Arbitrary<FuzzRequest> = fc
      .tuple(body, auth, idempotencyKey)
      .chain(([b, a, k]) => contentType(b.ct).map((ct) => ({ auth: a, contentType: ct, idempotencyKey: k, body: b.text })));

    const seen = new Map<number, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.auth !== null) headers.authorization = r.auth;
        if (r.contentType !== null) headers['content-type'] = r.contentType;
        if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey;
        let res: Response;
        try {
          res = await fetch(`${web.url}/api/v1/events`, { method: 'POST', headers, body: r.body });
        } catch (err) {
          // fetch itself refuses some header values (control characters, non-Latin-1): not sent.
          if (err instanceof TypeError && !(err as { cause?: unknown }).cause) return;
          throw err;
        }
        sent++;
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        const where = `${res.status} for ${JSON.stringify({ ...r, body: r.body.slice(0, 300) })}: ${text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        expect(documented, where).toContain(String(res.status));
        expect(res.headers.get('content-type'), where).toMatch(/^application\/json/);
        expect(check.checkBody('/api/v1/events', 'post', res.status, JSON.parse(text)), where).toBeNull();
        if (res.status === 401) expect(res.headers.get('www-authenticate'), where).toMatch(/^Bearer /);
        if ([409, 429, 503].includes(res.status)) expect(Number(res.headers.get('retry-after')), where).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400, seed: 20261121, interruptAfterTimeLimit: 50_000 },
    );
    // The fuzzer reached the interesting answers, not only one kind.
    const statuses = [...seen.keys()].sort();
    expect(sent).toBeGreaterThan(300);
    for (const s of [202, 207, 400, 401, 413, 415]) expect(statuses, JSON.stringify([...seen])).toContain(s);
    expect(web.output()).not.toMatch(/"level":50/); // no error logged by the server
  });
});
