import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../lib/log';
import { startReservationSweeper } from './reservation-sweeper';

const log = createLogger({ level: 'silent' });

describe('startReservationSweeper', () => {
  afterEach(() => vi.useRealTimers());

  it('sweeps every tick with the clock, again at once after a full batch, and stops', async () => {
    vi.useFakeTimers();
    const answers = [500, 500, 3, 0];
    const sweepExpired = vi.fn((_now: number, limit: number) => Promise.resolve(Math.min(limit, answers.shift() ?? 0)));
    const stop = startReservationSweeper({ sweepExpired }, log, 1000, () => 42);
    await vi.advanceTimersByTimeAsync(999);
    expect(sweepExpired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sweepExpired.mock.calls).toEqual([
      [42, 500],
      [42, 500],
      [42, 500],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sweepExpired).toHaveBeenCalledTimes(4);
    await stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sweepExpired).toHaveBeenCalledTimes(4);
  });

  it('never runs two sweeps at once, keeps going after a failure, and stop() waits for the sweep in hand', async () => {
    vi.useFakeTimers();
    let finish: (n: number) => void = () => undefined;
    const sweepExpired = vi
      .fn<(now: number, limit: number) => Promise<number>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockImplementation(() => new Promise<number>((resolve) => (finish = resolve)));
    const stop = startReservationSweeper({ sweepExpired }, log, 100);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(300);
    expect(sweepExpired).toHaveBeenCalledTimes(2);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(0);
    await stopping;
    expect(stopped).toBe(true);
  });
});
