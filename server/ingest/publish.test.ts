import type { ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { createEventPublisher, type ProducerLike } from './publish';

const log = createLogger({ level: 'silent', pretty: false });

/** A producer whose sends finish when the test says so. */
function fakeProducer(o: { connect?: () => Promise<void> } = {}) {
  const batches: ProducerBatch[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let connects = 0;
  const producer: ProducerLike = {
    connect: async () => {
      connects++;
      await o.connect?.();
    },
    disconnect: async () => undefined,
    sendBatch: (b) => {
      batches.push(b);
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
  return { producer, batches, pending, connects: () => connects };
}

const msg = (topic: string, key: string, size = 10) => ({ topic, key, value: 'x'.repeat(size) });
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('event publisher', () => {
  it('sends one batch per request, grouped by topic, with acks from all replicas', async () => {
    const f = fakeProducer();
    const p = createEventPublisher({ producer: f.producer, log });
    const done = p.publish([msg('pos.events', 'S001:T1'), msg('ecom.events', 'W-1'), msg('pos.events', 'S001:T2')], { h: 'v' });
    await tick();
    f.pending[0]!.resolve();
    expect(await done).toEqual({ ok: true });
    expect(f.batches).toHaveLength(1);
    expect(f.batches[0]!.acks).toBe(-1);
    expect(f.batches[0]!.topicMessages!.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['pos.events', ['S001:T1', 'S001:T2']],
      ['ecom.events', ['W-1']],
    ]);
    expect(f.batches[0]!.topicMessages![0]!.messages[0]!.headers).toEqual({ h: 'v' });
    expect(f.connects()).toBe(1);
  });

  it('turns a request away while too many bytes are in flight, and lets it through once they land', async () => {
    const f = fakeProducer();
    const p = createEventPublisher({ producer: f.producer, log, maxInFlightBytes: 1000 });
    const first = p.publish([msg('pos.events', 'k', 600)], {});
    await tick();
    expect(p.inFlightBytes()).toBe(601);
    expect(await p.publish([msg('pos.events', 'k', 600)], {})).toMatchObject({ ok: false, reason: 'backpressure', retryAfterSeconds: 1 });
    f.pending[0]!.resolve();
    await first;
    expect(p.inFlightBytes()).toBe(0);
    const second = p.publish([msg('pos.events', 'k', 600)], {});
    await tick();
    f.pending[1]!.resolve();
    expect(await second).toEqual({ ok: true });
  });

  it('a failed send is "unavailable" and the next request connects again', async () => {
    const f = fakeProducer();
    const p = createEventPublisher({ producer: f.producer, log });
    const first = p.publish([msg('pos.events', 'k')], {});
    await tick();
    f.pending[0]!.reject(new Error('KafkaJSNumberOfRetriesExceeded'));
    expect(await first).toMatchObject({ ok: false, reason: 'unavailable', retryAfterSeconds: 5 });
    expect(p.inFlightBytes()).toBe(0);
    const second = p.publish([msg('pos.events', 'k')], {});
    await tick();
    f.pending[1]!.resolve();
    expect(await second).toEqual({ ok: true });
    expect(f.connects()).toBe(2);
  });

  it('a broker that cannot be reached answers within the connect timeout', async () => {
    const f = fakeProducer({ connect: () => new Promise(() => undefined) });
    const p = createEventPublisher({ producer: f.producer, log, connectTimeoutMs: 50 });
    const t0 = Date.now();
    expect(await p.publish([msg('pos.events', 'k')], {})).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(f.batches).toHaveLength(0);
  });

  it('a send that hangs answers after the send timeout; its bytes count until kafkajs lets go', async () => {
    const f = fakeProducer();
    const p = createEventPublisher({ producer: f.producer, log, connectTimeoutMs: 10, sendTimeoutMs: 40 });
    expect(await p.publish([msg('pos.events', 'k', 99)], {})).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(p.inFlightBytes()).toBe(100);
    f.pending[0]!.reject(new Error('late'));
    await tick();
    expect(p.inFlightBytes()).toBe(0);
  });
});
