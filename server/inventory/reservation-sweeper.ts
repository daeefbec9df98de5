import type { Logger } from '../../lib/log';
import type { ReservationStore } from './reservations';

/** Most reservations one sweep call expires; a full batch sweeps again at once. */
const BATCH = 500;

/**
 * Expires the reservations whose TTL ran out, every `everyMs`. Any number of processes may
 * sweep the same Redis: each expiry is one script that ends only an active reservation,
 * so two sweepers never release the same units twice. The timer does not keep the process
 * alive; `stop()` clears it and waits for a sweep in progress, so that the caller can close
 * the Redis client afterwards.
 */
export function startReservationSweeper(
  store: Pick<ReservationStore, 'sweepExpired'>,
  log: Logger,
  everyMs: number,
  now: () => number = Date.now,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let failing = false;

  async function sweep(): Promise<void> {
    try {
      let expired = 0;
      let n: number;
      do {
        n = await store.sweepExpired(now(), BATCH);
        expired += n;
      } while (n === BATCH);
      if (expired > 0) log.debug({ expired }, 'reservations: expired');
      if (failing) log.info('reservations: the sweeper reaches Redis again');
      failing = false;
    } catch (err) {
      // Once per outage, not once per tick.
      if (!failing) log.warn({ err: err instanceof Error ? err.message : String(err) }, 'reservations: sweep failed; retrying every tick');
      failing = true;
    }
  }

  const timer = setInterval(() => {
    running ??= sweep().finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
