import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EventType } from '../../lib/contract/catalog';
import { exampleEvent } from '../../lib/contract/example-event';
import { createRedis } from '../../lib/clients/redis';
import { freePort } from '../../lib/ports';
import {
  collectMessages,
  createKeyWithCli,
  ndjson,
  postEvents,
  runApikeyCli,
  startWeb,
  stopWeb,
  type CreatedKey,
} from '../../test/ingest-harness';
import type { TillstreamProcess } from '../../test/tillstream-process';
import { createApiKeyStore, hashApiKey, type ApiKeyStore } from './api-keys';

/**
 * POST /api/v1/events through the real server (ROLES=web) against the run's real Kafka
 * and Redis: every answer code, the events on their topics, idempotency, the CLI.
 */
describe('REST ingest: POST /api/v1/events', () => {
  const run = `ing-${crypto.randomBytes(4).toString('hex')}`;
  let seq = 0;
  /** A valid event of store S001 with an id unique to this run. */
  const event = (type: EventType = 'pos.item.added', patch: Record<string, unknown> = {}) => {
    const n = ++seq;
    return { ...exampleEvent(type, n), id: `${run}-${n}`, source: 'S001-T03', storeId: 'S001', ...patch } as Record<string, unknown>;
  };

  let web: TillstreamProcess;
  let redis: Redis;
  let keys: ApiKeyStore;
  let consumer: Awaited<ReturnType<typeof collectMessages>>;
  let s001: CreatedKey;
  /** Events that must never reach Kafka (refused requests); checked at the end. */
  const neverPublished: string[] = [];
  /** Events accepted by requests that were sent more than once; each must be on Kafka once. */
  const onceAtTheEnd: string[] = [];
  const createdKeys: string[] = [];

  const newKey = async (storeId = 'S001', o: { rate?: number; burst?: number } = {}) => {
    const k = await keys.create({ storeId, name: `test ${run}`, ...o });
    createdKeys.push(k.key);
    return k.key;
  };

  beforeAll(async () => {
    redis = createRedis(inject('redisUrl'), 'ingest-int-test');
    await redis.connect();
    keys = createApiKeyStore(redis);
    [web, consumer, s001] = await Promise.all([
      startWeb('ingest'),
      collectMessages(['pos.events', 'ecom.events', 'warehouse.events', 'hq.masterdata', 'hq.promotions'], run),
      createKeyWithCli('S001', `store S001 ${run}`),
    ]);
    createdKeys.push(s001.key);
  });

  afterAll(async () => {
    await consumer?.stop();
    await stopWeb(web);
    redis?.disconnect();
  });

  it('202: every event is published to its topic with its key, as sent', async () => {
    const sent = [
      event('pos.receipt.opened'),
      event('pos.item.added'),
      event('pos.payment.captured'),
      event('pos.receipt.closed'),
      event('ecom.order.placed', { source: 'S001-WEB', payload: { orderId: `${run}-W1`, lines: [{ sku: 'SKU-1', qty: 1, unitPrice: 250 }], total: 250, locationId: 'S001' } }),
      event('stock.received', { source: 'S001-BACKOFFICE', payload: { locationId: 'S001', sku: 'SKU-1', qty: 12 } }),
    ];
    const r = await postEvents(web.url, s001.key, ndjson(sent), { contentType: 'application/x-ndjson' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ accepted: 6 });
    const got = await consumer.waitFor(sent.map((e) => e.id as string));
    const byId = new Map(got.map((m) => [m.value.id, m]));
    for (const e of sent) expect(byId.get(e.id)!.value).toEqual(e);
    expect(got.map((m) => [m.value.type, m.topic, m.key])).toEqual(
      expect.arrayContaining([
        ['pos.item.added', 'pos.events', 'S001:S001-T03'],
        ['ecom.order.placed', 'ecom.events', `${run}-W1`],
        ['stock.received', 'warehouse.events', 'S001:SKU-1'],
      ]),
    );
    for (const m of got) expect(m.headers['tillstream-ingest-key']).toBe(s001.publicId);
  });

  it('207: the valid events are published, the invalid ones listed with index, field and reason', async () => {
    const good1 = event();
    const bad = event('pos.item.added', { payload: { lineId: 1, sku: 'SKU-1', qty: 0, unitPrice: 100, entry: 'scanned' } });
    const good2 = event();
    neverPublished.push(bad.id as string);
    const r = await postEvents(web.url, s001.key, [good1, bad, good2]);
    expect(r.status).toBe(207);
    expect(r.body).toEqual({
      accepted: 2,
      rejected: [{ index: 1, type: 'pos.item.added', field: 'payload.qty', reason: expect.any(String), issues: [expect.objectContaining({ field: 'payload.qty' })] }],
    });
    await consumer.waitFor([good1.id as string, good2.id as string]);
  });

  it('NDJSON: a malformed line rejects only that line, by index and line number', async () => {
    const a = event();
    const b = event();
    const body = `${JSON.stringify(a)}\n\n{"id": "broken\n${JSON.stringify(b)}\n`;
    const r = await postEvents(web.url, s001.key, body, { contentType: 'application/x-ndjson' });
    expect(r.status).toBe(207);
    expect(r.body.rejected).toEqual([{ index: 1, line: 3, field: '', reason: expect.stringMatching(/^line 3 is not valid JSON/), issues: expect.any(Array) }]);
    await consumer.waitFor([a.id as string, b.id as string]);
  });

  it('400: nothing valid lists every rejected event; malformed JSON names the problem', async () => {
    const bad = [event('pos.item.added', { seq: 0 }), event('pos.receipt.closed', { payload: {} }), { hello: 'world' }];
    neverPublished.push(bad[0]!.id as string, bad[1]!.id as string);
    const r = await postEvents(web.url, s001.key, bad);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid_events', accepted: 0 });
    const rejected = r.body.rejected as { index: number; field: string; reason: string }[];
    expect(rejected.map((x) => [x.index, x.field])).toEqual([
      [0, 'seq'],
      [1, 'payload.total'],
      [2, 'id'],
    ]);
    for (const x of rejected) expect(x.reason.length).toBeGreaterThan(0);

    const malformed = await postEvents(web.url, s001.key, '[{"id": "x",]');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'malformed_json', message: expect.stringMatching(/^the body is not valid JSON: /) });
    expect((await postEvents(web.url, s001.key, '{"id":"x"}')).body).toMatchObject({ error: 'not_an_array' });
  });

  it('401 with WWW-Authenticate: no key, a malformed key, an unknown key', async () => {
    const body = [event()];
    neverPublished.push(body[0]!.id as string);
    const unknown = `tsk_${crypto.randomBytes(8).toString('hex')}_${crypto.randomBytes(32).toString('base64url')}`;
    for (const key of [null, 'not-a-key', unknown, `${s001.key.slice(0, -2)}xx`]) {
      const r = await postEvents(web.url, key, body);
      expect(r.status, String(key)).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="tillstream"/);
      expect(r.body.error).toBe('unauthorized');
    }
  });

  it('403 for the whole request: another store, a spoofed source, another location, an HQ type', async () => {
    const ok = event();
    const cases: [Record<string, unknown>, string][] = [
      [event('pos.item.added', { storeId: 'S002', source: 'S002-T01', tillId: 'S002-T01' }), 'storeId'],
      [event('pos.item.added', { source: 'S002-T01' }), 'source'],
      [event('pos.item.added', { source: 'S0010' }), 'source'],
      [event('stock.adjusted', { source: 'S001-BO', payload: { locationId: 'S002', sku: 'SKU-1', delta: -1, reason: 'x' } }), 'payload.locationId'],
      [event('ecom.order.placed', { source: 'S001-WEB', payload: { orderId: 'W-9', lines: [{ sku: 'A', qty: 1, unitPrice: 1 }], total: 1, locationId: 'WH1' } }), 'payload.locationId'],
      [event('sku.upserted', { source: 'S001' }), 'type'],
      [event('promo.withdrawn', { source: 'S001' }), 'type'],
    ];
    for (const [bad, field] of cases) {
      neverPublished.push(bad.id as string);
      const r = await postEvents(web.url, s001.key, [ok, bad]);
      expect(r.status, field).toBe(403);
      expect(r.body).toMatchObject({ error: 'forbidden', violations: [{ index: 1, field, reason: expect.any(String) }] });
    }
    neverPublished.push(ok.id as string);
    // The same events are fine for the store they belong to.
    const s002 = await newKey('S002');
    const e = event('pos.item.added', { storeId: 'S002', source: 'S002-T01', tillId: 'S002-T01' });
    expect((await postEvents(web.url, s002, [e])).status).toBe(202);
    await consumer.waitFor([e.id as string]);
  });

  it('413: a body over 1 MiB (declared or streamed), and more than 5,000 events', async () => {
    const big = JSON.stringify(Array.from({ length: 1100 }, () => event('pos.item.added', { payload: { lineId: 1, sku: 'SKU-1', qty: 1, unitPrice: 1, entry: 'scanned', note: 'x'.repeat(900) } })));
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const declared = await postEvents(web.url, s001.key, big);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: 'body_too_large', maxBytes: 1048576, maxEvents: 5000 });

    // Chunked: no Content-Length to go by, the server counts.
    const bytes = new TextEncoder().encode(big);
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (offset >= bytes.length) return c.close();
        c.enqueue(bytes.slice(offset, offset + 32 * 1024));
        offset += 32 * 1024;
      },
    });
    const res = await fetch(`${web.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s001.key}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-length')).toBeNull();
    expect(((await res.json()) as { error: string }).error).toBe('body_too_large');

    const many = Array.from({ length: 5001 }, () => ({}));
    expect((await postEvents(web.url, s001.key, many)).body).toMatchObject({ error: 'too_many_events' });
    const manyLines = await postEvents(web.url, s001.key, '{}\n'.repeat(5001), { contentType: 'application/x-ndjson' });
    expect(manyLines.status).toBe(413);
    expect(manyLines.body.error).toBe('too_many_events');
    // The server is fine afterwards.
    expect((await postEvents(web.url, s001.key, [event()])).status).toBe(202);
  });

  it('415 for any other content type', async () => {
    for (const contentType of ['text/plain', 'application/xml', 'application/json; charset=iso-8859-1', 'multipart/form-data; boundary=x']) {
      const r = await postEvents(web.url, s001.key, [event()], { contentType });
      expect(r.status, contentType).toBe(415);
      expect(r.body.error).toBe('unsupported_media_type');
    }
  });

  it('429 with Retry-After when a key is over its rate', async () => {
    const slow = await newKey('S001', { rate: 1, burst: 2 });
    expect((await postEvents(web.url, slow, [event(), event()])).status).toBe(202);
    const r = await postEvents(web.url, slow, [event()]);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(r.body).toMatchObject({ error: 'rate_limited', retryAfterSeconds: Number(r.headers.get('retry-after')) });
    // Another key of the same store has its own bucket.
    expect((await postEvents(web.url, s001.key, [event()])).status).toBe(202);
  });

  describe('Idempotency-Key', () => {
    it('a sequential retry gets the same status and body, and publishes nothing twice', async () => {
      const batch = [event(), event('pos.item.added', { seq: 0 })];
      const first = await postEvents(web.url, s001.key, batch, { headers: { 'idempotency-key': `${run}-retry` } });
      const again = await postEvents(web.url, s001.key, batch, { headers: { 'idempotency-key': `${run}-retry` } });
      expect(first.status).toBe(207);
      expect(again.status).toBe(207);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      await consumer.waitFor([batch[0]!.id as string]);
      neverPublished.push(batch[1]!.id as string);
      // Checked for duplicates at the end, when everything has had the time to arrive.
      onceAtTheEnd.push(batch[0]!.id as string);
    });

    it('two (and five) copies at the same time publish exactly once and answer the same', async () => {
      for (const copies of [2, 5]) {
        const batch = [event(), event()];
        const answers = await Promise.all(
          Array.from({ length: copies }, () => postEvents(web.url, s001.key, batch, { headers: { 'idempotency-key': `${run}-concurrent-${copies}` } })),
        );
        for (const a of answers) {
          expect(a.status).toBe(202);
          expect(a.body).toEqual({ accepted: 2 });
        }
        expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(copies - 1);
        await consumer.waitFor(batch.map((e) => e.id as string));
        onceAtTheEnd.push(...batch.map((e) => e.id as string));
      }
    });

    it('the same key with another body is 422; a malformed key is 400', async () => {
      const a = [event()];
      expect((await postEvents(web.url, s001.key, a, { headers: { 'idempotency-key': `${run}-reuse` } })).status).toBe(202);
      const other = [event()];
      neverPublished.push(other[0]!.id as string);
      const r = await postEvents(web.url, s001.key, other, { headers: { 'idempotency-key': `${run}-reuse` } });
      expect(r.status).toBe(422);
      expect(r.body.error).toBe('idempotency_key_reused');
      expect((await postEvents(web.url, s001.key, other, { headers: { 'idempotency-key': 'k'.repeat(256) } })).status).toBe(400);
    });

    it('is scoped to the API key: another key may use the same Idempotency-Key', async () => {
      const other = await newKey('S001');
      const b = [event()];
      expect((await postEvents(web.url, other, b, { headers: { 'idempotency-key': `${run}-reuse` } })).status).toBe(202);
      await consumer.waitFor([b[0]!.id as string]);
    });
  });

  it('the command: create prints the key once, list shows it without secret, revoke makes it 401', async () => {
    const k = await createKeyWithCli('S003', 'Corner shop', ['--rate', '50']);
    expect(k).toMatchObject({ storeId: 'S003', rate: 50, burst: 250 });
    createdKeys.push(k.key);
    const e = event('pos.item.added', { storeId: 'S003', source: 'S003-T01', tillId: 'S003-T01' });
    expect((await postEvents(web.url, k.key, [e])).status).toBe(202);

    const human = await runApikeyCli(['create', '--store', 'S003', '--name', 'Printed']);
    expect(human.code).toBe(0);
    const printed = /\b(tsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/.exec(human.stdout)?.[1];
    expect(printed).toBeTruthy();
    createdKeys.push(printed!);
    expect(human.stdout).toMatch(/shown only this once/);

    const list = await runApikeyCli(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(k.publicId);
    expect(list.stdout).toMatch(new RegExp(`${k.publicId}\\s+S003\\s+Corner shop\\s+50\\s+250`));
    const listed = JSON.parse((await runApikeyCli(['list', '--json'])).stdout) as Record<string, unknown>[];
    expect(listed.find((r) => r.publicId === k.publicId)).toMatchObject({ storeId: 'S003', name: 'Corner shop' });
    for (const secret of createdKeys) {
      expect(list.stdout).not.toContain(secret);
      expect(list.stdout).not.toContain(hashApiKey(secret));
    }

    const revoked = await runApikeyCli(['revoke', k.publicId]);
    expect(revoked.code).toBe(0);
    const after = await postEvents(web.url, k.key, [event('pos.item.added', { storeId: 'S003', source: 'S003-T01', tillId: 'S003-T01' })]);
    expect(after.status).toBe(401);
    expect((await runApikeyCli(['list'])).stdout).toMatch(new RegExp(`${k.publicId}.*revoked`));
    expect((await runApikeyCli(['revoke', 'ffffffffffffffff'])).code).toBe(1);
    expect((await runApikeyCli(['create', '--store', 'S 1', '--name', 'x'])).code).toBe(2);
  });

  it('the command says what to do when Redis is not running', async () => {
    const local = await runApikeyCli(['list'], { REDIS_PORT: String(await freePort()) });
    expect(local.code).toBe(1);
    expect(local.stderr).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+: start Tillstream first with npm start, or set REDIS_URL/);
    const remote = await runApikeyCli(['list'], { REDIS_URL: `redis://user:s3cret@127.0.0.1:${await freePort()}` });
    expect(remote.code).toBe(1);
    expect(remote.stderr).not.toContain('s3cret');
  });

  it('keeps only hashes in Redis, logs no key, and published nothing refused or twice', async () => {
    for (const k of createdKeys) {
      const { publicId } = /^tsk_(?<publicId>[0-9a-f]{16})_/.exec(k)!.groups as { publicId: string };
      const stored = await redis.hgetall(`ingest:key:${publicId}`);
      expect(stored.hash).toBe(hashApiKey(k));
      expect(Object.values(stored).join(' ')).not.toContain(k);
      expect(web.output()).not.toContain(k);
      expect(web.output()).not.toContain(hashApiKey(k));
    }
    // A last event, sent after everything else, has arrived: give stragglers a moment more.
    const last = event();
    expect((await postEvents(web.url, s001.key, [last])).status).toBe(202);
    await consumer.waitFor([last.id as string]);
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of neverPublished) expect(consumer.countOf(id), id).toBe(0);
    for (const id of onceAtTheEnd) expect(consumer.countOf(id), id).toBe(1);
  });
});
