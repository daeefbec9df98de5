import { describe, expect, it } from 'vitest';
import { simulatorArgv } from './simulator-role';

describe('simulatorArgv', () => {
  it('makes the warehouse fulfil replenishment orders unless SIMULATOR_ARGS choose', () => {
    expect(simulatorArgv(' --history  8d ')).toEqual(['--history', '8d', '--replenishment', 'orders']);
    expect(simulatorArgv('--history 8d --replenishment nightly')).toEqual(['--history', '8d', '--replenishment', 'nightly']);
    expect(simulatorArgv('--replenishment=nightly')).toEqual(['--replenishment=nightly']);
  });

  it('leaves runs at --accel max nightly: they outrun any pipeline', () => {
    expect(simulatorArgv('--accel max')).toEqual(['--accel', 'max']);
  });
});
