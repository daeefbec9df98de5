import { describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log';
import { Lifecycle } from './lifecycle';

describe('Lifecycle', () => {
  it('stops in reverse start order, once, and goes on past a failing part', async () => {
    const order: string[] = [];
    const lc = new Lifecycle(createLogger({ level: 'silent', pretty: false }), 5000);
    lc.add('infra', async () => void order.push('infra'));
    lc.add('broken', async () => {
      order.push('broken');
      throw new Error('boom');
    });
    lc.add('web', async () => void order.push('web'));
    await Promise.all([lc.stop('test'), lc.stop('again')]);
    expect(order).toEqual(['web', 'broken', 'infra']);
    expect(lc.isStopping).toBe(true);
  });
});
