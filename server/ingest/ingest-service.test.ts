import { describe, expect, it } from 'vitest';
import { exampleEvent } from '../../lib/contract/example-event';
import { createLogger } from '../../lib/log';
import type { ApiKeyRecord } from './api-keys';
import { fingerprintOf, type Claim, type IdempotencyStore, type StoredAnswer } from './idempotency';
import { createIngestService, INGEST_KEY_HEADER, type IngestDeps } from './ingest-service';
import type { OutgoingMessage, PublishResult } from './publish';

const KEY = 'tsk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const RECORD: ApiKeyRecord = { publicId: '0123456789abcdef', storeId: 'S001', name: 't', createdAt: '', rate: 100, burst: 100 };

/** In-memory stand-ins with the semantics of the Redis ones. */
function memoryIdempotency(): IdempotencyStore & { entries: Map<string, { token?: string; fingerprint: string; answer?: StoredAnswer }> } {
  const entries = new Map<string, { token?: string; fingerprint: string; answer?: StoredAnswer }>();
  let n = 0;
  return {
    entries,
    claim: async (p, k, fingerprint): Promise<Claim> => {
      const e = entries.get(`${p}:${k}`);
      if (!e) {
        const token = String(++n);
        entries.set(`${p}:${k}`, { token, fingerprint });
        return { kind: 'claimed', token };
      }
      if (e.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return e.answer ? { kind: 'replay', answer: e.answer } : { kind: 'in_progress' };
    },
    complete: async (p, k, token, fingerprint, answer) => {
      entries.set(`${p}:${k}`, { fingerprint, answer });
    },
    release: async (p, k, token) => {
      if (entries.get(`${p}:${k}`)?.token === token) entries.delete(`${p}:${k}`);
    },
    extend: async () => undefined,
  };
}

function setup(o: { publish?: (m: OutgoingMessage[]) => PublishResult; rateOk?: () => boolean; keysDown?: boolean } = {}) {
  const published: { messages: OutgoingMessage[]; headers: Record<string, string> }[] = [];
  const idempotency = memoryIdempotency();
  const deps: IngestDeps = {
    keys: {
      authenticate: async (token) => {
        if (o.keysDown) throw new Error('Connection is closed.');
        return token === KEY ? RECORD : null;
      },
    },
    rateLimiter: { take: async () => (o.rateOk?.() ?? true ? { ok: true } : { ok: false, retryAfterSeconds: 3 }) },
    idempotency,
    publisher: {
      publish: async (messages, headers) => {
        const r = o.publish?.(messages) ?? { ok: true };
        if (r.ok) published.push({ messages, headers });
        return r;
      },
    },
    log: createLogger({ level: 'silent', pretty: false }),
  };
  const service = createIngestService(deps);
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await service.handle(
      new Request('http://localhost/api/v1/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
        body,
      }),
    );
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  return { post, published, idempotency };
}

const good = (seq: number) => exampleEvent('pos.item.added', seq);
const batch = (...events: unknown[]) => JSON.stringify(events);

describe('ingest service (fakes for Redis and Kafka)', () => {
  it('202 publishes each event to its topic with its key, the JSON as sent, the key’s public id in a header', async () => {
    const s = setup();
    const r = await s.post(batch(good(1), { ...good(2), payload: { ...(good(2).payload as object), extraField: 'kept' } }));
    expect(r).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(s.published).toHaveLength(1);
    const [m1, m2] = s.published[0]!.messages;
    expect(m1).toEqual({ topic: 'pos.events', key: 'S001:S001-T03', value: JSON.stringify(good(1)) });
    expect(JSON.parse(m2!.value).payload.extraField).toBe('kept');
    expect(s.published[0]!.headers).toEqual({ [INGEST_KEY_HEADER]: RECORD.publicId });
  });

  it('401 without a key, with a malformed, unknown or non-bearer one', async () => {
    const s = setup();
    for (const authorization of ['', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer nope', `Bearer ${KEY.slice(0, -1)}B`, `Bearer ${KEY} extra`]) {
      const r = await s.post(batch(good(1)), { authorization });
      expect(r.status, authorization).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="tillstream"/);
    }
    expect((await s.post(batch(good(1)), { authorization: `bearer  ${KEY}` })).status).toBe(202);
    expect(s.published).toHaveLength(1);
  });

  it('207 publishes the valid ones and lists the others; 400 when none is valid', async () => {
    const s = setup();
    const r = await s.post(batch(good(1), { ...good(2), seq: -1 }, good(3)));
    expect(r.status).toBe(207);
    expect(r.body).toEqual({ accepted: 2, rejected: [expect.objectContaining({ index: 1, field: 'seq' })] });
    expect(s.published[0]!.messages).toHaveLength(2);
    const none = await s.post(batch({ ...good(4), seq: 'x' }));
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ error: 'invalid_events', accepted: 0, rejected: [{ index: 0, field: 'seq' }] });
    expect(s.published).toHaveLength(1);
  });

  it('403 for the whole request when one event is another store’s; nothing published', async () => {
    const s = setup();
    const r = await s.post(batch(good(1), { ...good(2), storeId: 'S002' }, { ...good(3), source: 'S002-T01' }));
    expect(r.status).toBe(403);
    expect(r.body.violations).toEqual([
      { index: 1, field: 'storeId', reason: expect.any(String) },
      { index: 2, field: 'source', reason: expect.any(String) },
    ]);
    expect(s.published).toHaveLength(0);
  });

  it('415, 413 (declared, and by count), 400 for a malformed body', async () => {
    const s = setup();
    expect((await s.post(batch(good(1)), { 'content-type': 'text/csv' })).status).toBe(415);
    expect((await s.post(batch(good(1)), { 'content-length': String(2 * 1024 * 1024) })).status).toBe(413);
    const many = await s.post(JSON.stringify(Array.from({ length: 5001 }, () => 1)));
    expect(many).toMatchObject({ status: 413, body: { error: 'too_many_events' } });
    expect((await s.post('[{"id":'))).toMatchObject({ status: 400, body: { error: 'malformed_json' } });
    expect(s.published).toHaveLength(0);
  });

  it('429 with Retry-After when over the rate or backpressured; 503 when Kafka is down', async () => {
    let rateOk = false;
    let result: PublishResult = { ok: false, reason: 'backpressure', retryAfterSeconds: 1, message: 'busy' };
    const s = setup({ rateOk: () => rateOk, publish: () => result });
    const limited = await s.post(batch(good(1)));
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited', retryAfterSeconds: 3 } });
    expect(limited.headers.get('retry-after')).toBe('3');
    rateOk = true;
    const busy = await s.post(batch(good(1)));
    expect(busy).toMatchObject({ status: 429, body: { error: 'backpressure' } });
    expect(busy.headers.get('retry-after')).toBe('1');
    result = { ok: false, reason: 'unavailable', retryAfterSeconds: 5, message: 'down' };
    const down = await s.post(batch(good(1)));
    expect(down).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    expect(down.headers.get('retry-after')).toBe('5');
  });

  it('503 (not 500) when Redis is down', async () => {
    const r = await setup({ keysDown: true }).post(batch(good(1)));
    expect(r).toMatchObject({ status: 503, body: { error: 'unavailable' } });
  });

  describe('Idempotency-Key', () => {
    it('a retry replays the first answer without publishing again; another body is 422', async () => {
      const s = setup();
      const body = batch(good(1), { ...good(2), seq: 0 });
      const first = await s.post(body, { 'idempotency-key': 'order-1' });
      const again = await s.post(body, { 'idempotency-key': 'order-1' });
      expect(first.status).toBe(207);
      expect(again).toMatchObject({ status: 207, body: first.body });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(s.published).toHaveLength(1);
      expect((await s.post(batch(good(3)), { 'idempotency-key': 'order-1' })).status).toBe(422);
    });

    it('after a 503 the claim is released: the retry publishes', async () => {
      let up = false;
      const s = setup({ publish: () => (up ? { ok: true } : { ok: false, reason: 'unavailable', retryAfterSeconds: 5, message: 'down' }) });
      expect((await s.post(batch(good(1)), { 'idempotency-key': 'k' })).status).toBe(503);
      up = true;
      expect((await s.post(batch(good(1)), { 'idempotency-key': 'k' })).status).toBe(202);
      expect(s.published).toHaveLength(1);
    });

    it('a 503 from a timeout keeps the key taken until the publish settles, then follows what happened', async () => {
      for (const landed of [true, false]) {
        let settle!: (ok: boolean) => void;
        let calls = 0;
        const s = setup({
          publish: () =>
            ++calls === 1
              ? { ok: false, reason: 'unavailable', retryAfterSeconds: 5, message: 'slow', late: new Promise<boolean>((r) => (settle = r)) }
              : { ok: true },
        });
        const body = batch(good(1));
        expect((await s.post(body, { 'idempotency-key': 'slow' })).status).toBe(503);
        expect((await s.post(body, { 'idempotency-key': 'slow' })).status).toBe(409);
        settle(landed);
        await new Promise((r) => setTimeout(r, 10));
        const retry = await s.post(body, { 'idempotency-key': 'slow' });
        expect(retry.status).toBe(202);
        // Landed late: the retry replays the stored answer and publishes nothing. Failed: the retry publishes.
        expect(retry.headers.get('idempotent-replayed')).toBe(landed ? 'true' : null);
        expect(calls).toBe(landed ? 1 : 2);
      }
    });

    it('409 while the first copy still runs', async () => {
      const s = setup();
      s.idempotency.entries.set(`${RECORD.publicId}:busy`, { token: 'other', fingerprint: fingerprintOf('json', Buffer.from(batch(good(1)))) });
      const r = await s.post(batch(good(1)), { 'idempotency-key': 'busy' });
      expect(r).toMatchObject({ status: 409, body: { error: 'idempotency_key_in_use' } });
      expect(r.headers.get('retry-after')).toBe('1');
    });

    it('a malformed key is 400', async () => {
      const s = setup();
      for (const k of ['x'.repeat(256), 'tab\there', 'é']) {
        expect((await s.post(batch(good(1)), { 'idempotency-key': k })).status, k).toBe(400);
      }
      expect(s.published).toHaveLength(0);
    });
  });
});
