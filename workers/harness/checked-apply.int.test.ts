import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { checkedApply, type Write } from './checked-apply';

/** Every key's type and value, to compare what the script did with what plain commands do. */
async function dump(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const k of (await redis.keys(`${prefix}*`)).sort()) {
    const name = k.slice(prefix.length);
    const type = await redis.type(k);
    if (type === 'string') out[name] = (await redis.getBuffer(k))!.toString('hex');
    else if (type === 'hash') out[name] = await redis.hgetall(k);
    else if (type === 'zset') out[name] = await redis.zrange(k, '0', '-1', 'WITHSCORES');
    else if (type === 'set') out[name] = (await redis.smembers(k)).sort();
    else if (type === 'list') out[name] = await redis.lrange(k, 0, -1);
    out[`${name} ttl`] = (await redis.ttl(k)) > 0;
  }
  return out;
}

describe('checkedApply (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(`${inject('redisUrl')}/11`);
  });
  beforeEach(() => redis.flushdb());
  afterAll(() => redis?.disconnect());

  // Runs of every shape: one bit, fields across 32-bit boundaries, a long run, and more
  // isolated bits than one BITFIELD call takes.
  const bits = [5, ...Array.from({ length: 100 }, (_, i) => 30 + i), ...Array.from({ length: 1500 }, (_, i) => 1000 + 2 * i), 70_001];
  const writes = (p: string, value = 'v'): Write[] => [
    { op: 'setbits', key: `${p}bits`, bits: [...bits].reverse() },
    { op: 'hincrby', key: `${p}h`, fields: new Map([['a', 2], ['zero', 0], ['b', -3]]) },
    { op: 'zincrby', key: `${p}z`, members: new Map([['x', 1.5], ['zero', 0], ['y', -2]]) },
    { op: 'hset', key: `${p}h`, field: 'c', value },
    { op: 'set', key: `${p}s`, value, ttlSeconds: 100 },
    { op: 'set', key: `${p}s2`, value: '', ttlSeconds: 0 },
    { op: 'rpush', key: `${p}l`, values: ['1', value, '3'] },
    { op: 'expire', key: `${p}l`, seconds: 100 },
    { op: 'expireat', key: `${p}h`, unixSeconds: Math.floor(Date.now() / 1000) + 100 },
    { op: 'zadd', key: `${p}g`, score: 3, member: '3-4' },
    { op: 'zadd', key: `${p}g`, score: 7, member: '7-9' },
    { op: 'zrem', key: `${p}g`, member: '3-4' },
    { op: 'zadd', key: `${p}g`, score: 12, member: '12-12' },
    { op: 'zadd', key: `${p}g`, score: 20, member: '20-21' },
    { op: 'zremrangebyscore', key: `${p}g`, min: '-inf', max: 12 },
    { op: 'sadd', key: `${p}t`, member: 'Europe/Madrid' },
    { op: 'del', key: `${p}s2` },
  ];

  /** What the writes do as plain commands, one bit and one field at a time. */
  async function plainly(p: string, value = 'v'): Promise<void> {
    const m = redis.multi();
    for (const b of bits) m.setbit(`${p}bits`, b, 1);
    m.hincrby(`${p}h`, 'a', 2).hincrby(`${p}h`, 'b', -3).zincrby(`${p}z`, 1.5, 'x').zincrby(`${p}z`, -2, 'y');
    m.hset(`${p}h`, 'c', value).set(`${p}s`, value, 'EX', 100).set(`${p}s2`, '').rpush(`${p}l`, '1', value, '3').expire(`${p}l`, 100);
    m.expireat(`${p}h`, Math.floor(Date.now() / 1000) + 100).zadd(`${p}g`, 3, '3-4').zadd(`${p}g`, 7, '7-9').zrem(`${p}g`, '3-4');
    m.zadd(`${p}g`, 12, '12-12').zadd(`${p}g`, 20, '20-21').zremrangebyscore(`${p}g`, '-inf', 12);
    m.sadd(`${p}t`, 'Europe/Madrid').del(`${p}s2`);
    await m.exec();
  }

  it('writes what the plain commands write, bitmaps byte for byte, and skips increments of 0', async () => {
    expect(await checkedApply(redis, [{ op: 'bits0', key: 'a:bits', bits }], writes('a:'))).toEqual({ ok: true });
    await plainly('b:');
    const a = await dump(redis, 'a:');
    expect(a).toEqual(await dump(redis, 'b:'));
    expect(a.h).not.toHaveProperty('zero');
  });

  it('sends an item with a newline as its own argument, with the same effect', async () => {
    expect(await checkedApply(redis, [], writes('a:', 'two\nlines'))).toEqual({ ok: true });
    await plainly('b:', 'two\nlines');
    expect(await dump(redis, 'a:')).toEqual(await dump(redis, 'b:'));
  });

  it('writes nothing and names the first failed check when a bit is set or a field changed', async () => {
    await redis.setbit('a:bits', 1030, 1);
    await redis.hset('a:src', 'max', '7');
    const before = await dump(redis, 'a:');
    const checks = [
      { op: 'heq', key: 'a:src', field: 'max', value: '7' },
      { op: 'bits0', key: 'a:bits', bits: [1, 2, 3] },
      { op: 'bits0', key: 'a:bits', bits },
    ] as const;
    expect(await checkedApply(redis, [...checks], writes('a:'))).toEqual({ ok: false, failedCheck: 2 });
    expect(await checkedApply(redis, [{ op: 'heq', key: 'a:src', field: 'max', value: '' }], writes('a:'))).toEqual({ ok: false, failedCheck: 0 });
    expect(await checkedApply(redis, [{ op: 'heq', key: 'a:none', field: 'max', value: '' }, checks[1]], [])).toEqual({ ok: true });
    expect(await dump(redis, 'a:')).toEqual(before);
  });
});
