import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../../lib/clients/redis';
import { createIdempotencyStore } from './idempotency';
import { createRateLimiter } from './rate-limit';

/**
 * The ingest's shared state in the run's real Redis, from several clients at once, as
 * several web instances would use it: the token bucket and the Idempotency-Key claim.
 */
describe('ingest state in Redis, across instances', () => {
  const clients: Redis[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) {
      const r = createRedis(inject('redisUrl'), `ingest-state-test-${i}`);
      await r.connect();
      clients.push(r);
    }
  });
  afterAll(() => clients.forEach((c) => c.disconnect()));

  const newKey = (rate: number, burst: number) => ({ publicId: crypto.randomBytes(8).toString('hex'), rate, burst });

  it('the token bucket lets exactly the burst through when four instances race', async () => {
    const key = newKey(1, 10);
    const limiters = clients.map((c) => createRateLimiter(c));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 4]!.take(key, 1)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    for (const r of results.filter((x) => !x.ok)) expect(r).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate, and a batch above the burst passes once into debt', async () => {
    const key = newKey(50, 5);
    const limiter = createRateLimiter(clients[0]!);
    expect(await limiter.take(key, 20)).toEqual({ ok: true }); // full bucket: into debt by 15
    const next = await limiter.take(key, 1);
    expect(next.ok).toBe(false);
    await new Promise((r) => setTimeout(r, 400)); // 20 tokens back: debt paid, 5 left at most
    expect(await limiter.take(key, 5)).toEqual({ ok: true });
  });

  it('Retry-After says how long the debt takes to pay', async () => {
    const key = newKey(2, 10);
    const limiter = createRateLimiter(clients[0]!);
    expect(await limiter.take(key, 10)).toEqual({ ok: true });
    const r = await limiter.take(key, 10);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(4);
  });

  it('one claim wins among racing copies; the others replay its answer', async () => {
    const stores = clients.map((c) => createIdempotencyStore(c, { waitMs: 3000 }));
    const claims = await Promise.all(stores.map((s) => s.claim('p1', `race-${crypto.randomUUID()}`, 'f')));
    // Distinct keys: every store claims its own.
    expect(claims.every((c) => c.kind === 'claimed')).toBe(true);

    const idem = `race-${crypto.randomUUID()}`;
    const racing = stores.map((s) => s.claim('p1', idem, 'same-body'));
    const first = await Promise.race(racing);
    expect(first.kind).toBe('claimed');
    if (first.kind !== 'claimed') return;
    await stores[0]!.complete('p1', idem, first.token, 'same-body', { status: 202, body: { accepted: 1 } });
    const all = await Promise.all(racing);
    expect(all.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    expect(all.filter((c) => c.kind === 'replay')).toEqual(Array(3).fill({ kind: 'replay', answer: { status: 202, body: { accepted: 1 } } }));
    expect(await stores[1]!.claim('p1', idem, 'other-body')).toEqual({ kind: 'mismatch' });
    // Scoped to the API key: another key's same Idempotency-Key is free.
    expect((await stores[1]!.claim('p2', idem, 'other-body')).kind).toBe('claimed');
  });

  it('a released claim can be taken again; an answer expires', async () => {
    const store = createIdempotencyStore(clients[0]!, { waitMs: 100, ttlSeconds: 1 });
    const idem = `rel-${crypto.randomUUID()}`;
    const c1 = await store.claim('p1', idem, 'f');
    expect(await store.claim('p1', idem, 'f')).toEqual({ kind: 'in_progress' });
    if (c1.kind !== 'claimed') throw new Error('not claimed');
    await store.release('p1', idem, 'not-the-token');
    expect(await store.claim('p1', idem, 'f')).toEqual({ kind: 'in_progress' });
    await store.release('p1', idem, c1.token);
    const c2 = await store.claim('p1', idem, 'f');
    expect(c2.kind).toBe('claimed');
    if (c2.kind !== 'claimed') return;
    await store.complete('p1', idem, c2.token, 'f', { status: 202, body: {} });
    expect((await store.claim('p1', idem, 'f')).kind).toBe('replay');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await store.claim('p1', idem, 'f')).kind).toBe('claimed');
  });
});
