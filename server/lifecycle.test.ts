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

  it('stops the parts of a group together, in the group\u2019s place, past a failing one', async () => {
    const order: string[] = [];
    const lc = new Lifecycle(createLogger({ level: 'silent', pretty: false }), 5000);
    const slow = (name: string, ms: number, fail = false) => async () => {
      order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}:end`);
      if (fail) throw new Error('boom');
    };
    lc.add('web', slow('web', 1));
    lc.addToGroup('workers', 'a', slow('a', 60));
    lc.addToGroup('workers', 'b', slow('b', 30, true));
    lc.addToGroup('workers', 'c', slow('c', 10));
    lc.add('simulator', slow('simulator', 1));
    const t0 = Date.now();
    await lc.stop('test');
    expect(order.slice(0, 2)).toEqual(['simulator:start', 'simulator:end']);
    // All three started before any ended: together, not one after another (60 + 30 + 10 ms).
    expect(order.slice(2, 5).sort()).toEqual(['a:start', 'b:start', 'c:start']);
    expect(order.slice(5, 8)).toEqual(['c:end', 'b:end', 'a:end']);
    expect(order.slice(8)).toEqual(['web:start', 'web:end']);
    expect(Date.now() - t0).toBeLessThan(95);
  });
});
