import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../../lib/clients/redis';

describe('local Redis', () => {
  const redis = createRedis(inject('redisUrl'), 'int-test');
  afterAll(() => redis.disconnect());

  it('runs with the append-only file on, data under the test data directory', async () => {
    await redis.connect();
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    const [, dir] = (await redis.config('GET', 'dir')) as [string, string];
    expect(dir.startsWith(inject('testDataDir'))).toBe(true);
  });

  it('executes a pipeline in one round trip', async () => {
    const key = `it:${Date.now()}`;
    const res = await redis.pipeline().hincrby(key, 'net', 1250).hincrby(key, 'net', -250).hget(key, 'net').exec();
    expect(res?.map(([err]) => err)).toEqual([null, null, null]);
    expect(res?.[2]?.[1]).toBe('1000');
    await redis.del(key);
  });
});
