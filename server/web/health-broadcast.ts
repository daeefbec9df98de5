import type { Server as SocketServer } from 'socket.io';
import { HEALTH_EVENT, type HealthReport } from '../../lib/live/health-types';

/**
 * Pushes the dependency status to connected browsers every few seconds, so the
 * status page shows an outage without a reload. The report carries no secrets
 * (the same data /api/health serves to anyone), so every socket may receive it.
 */
export function startHealthBroadcast(io: SocketServer, check: () => Promise<HealthReport>, everyMs = 5000): () => void {
  let last: HealthReport | undefined;
  io.on('connection', (socket) => {
    if (last) socket.emit(HEALTH_EVENT, last);
  });
  const timer = setInterval(() => {
    if (io.engine.clientsCount === 0) return;
    check()
      .then((report) => {
        last = report;
        io.emit(HEALTH_EVENT, report);
      })
      .catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
