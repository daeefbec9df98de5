import { describe, expect, it } from 'vitest';
import { simulatorArgv } from './simulator-role';

describe('simulatorArgv', () => {
  it('makes the warehouse fulfil replenishment orders unless SIMULATOR_ARGS choose', () => {
    expect(simulatorArgv(' --history  8d ')).toEqual(['--history', '8d', '--replenishment', 'orders', '--promotions', 'hq']);
    expect(simulatorArgv('--history 8d --replenishment nightly')).toEqual(['--history', '8d', '--replenishment', 'nightly', '--promotions', 'hq']);
    expect(simulatorArgv('--replenishment=nightly')).toEqual(['--replenishment=nightly', '--promotions', 'hq']);
  });

  it('makes the tills apply the promotions on hq.promotions unless SIMULATOR_ARGS choose', () => {
    expect(simulatorArgv('--promotions calendar')).toEqual(['--promotions', 'calendar', '--replenishment', 'orders']);
    expect(simulatorArgv('--promotions=hq --replenishment orders')).toEqual(['--promotions=hq', '--replenishment', 'orders']);
  });

  it('leaves runs at --accel max nightly: they outrun any pipeline', () => {
    expect(simulatorArgv('--accel max')).toEqual(['--accel', 'max']);
  });
});
