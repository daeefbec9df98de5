import type { Namespace, Server as SocketServer } from 'socket.io';
import { createRedis } from '../../lib/clients/redis';
import { LIVE_DELTA_EVENT } from '../../lib/live/live-delta';
import type { Alert } from '../../lib/alerts/alert-model';
import { ALERT_CHANGED_EVENT, ALERTS_ROOM, LIVE_NAMESPACE, LOSS_ALERT_EVENT, parseRoom } from '../../lib/live/rooms';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { maySeeAlert } from '../alerts/alert-visibility';
import type { LiveSocketData } from '../auth/socket-auth';

/** Sends an alert's change to each socket of the `alerts` room whose user may see it (its role's kinds, its stores). */
function relayAlert(live: Namespace, alert: Alert): void {
  const ids = live.adapter.rooms.get(ALERTS_ROOM);
  if (!ids) return;
  for (const id of ids) {
    const socket = live.sockets.get(id);
    const principal = (socket?.data as LiveSocketData | undefined)?.principal;
    if (socket && principal && maySeeAlert(principal, alert)) socket.emit(ALERT_CHANGED_EVENT, alert);
  }
}

/**
 * Relays the live aggregator's coalesced deltas, the loss rules' hits to the stores' loss
 * rooms (`loss:alert`) and the alerts' changes to the `alerts` room, each socket only those it
 * may see (`alert:changed`), (Redis pub/sub, one channel per room) to
 * the sockets in that room of the `/live` namespace, which only signed-in sockets reach and
 * which they join room by room after a scope check (server/auth/socket-auth.ts). Every web
 * instance subscribes, and relays to its own sockets.
 */
export async function startLiveRelay(io: SocketServer, redisUrl: string, log: Logger): Promise<() => Promise<void>> {
  const sub = createRedis(redisUrl, 'tillstream-web-live');
  sub.on('error', (err: Error) => log.debug({ err: err.message }, 'live relay: redis error'));
  const prefix = redisKeys.liveChannel('');
  const live = io.of(LIVE_NAMESPACE);
  sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
    const room = channel.slice(prefix.length);
    const parsed = parseRoom(room);
    if (!parsed) return;
    try {
      if (parsed.kind === 'alerts') return relayAlert(live, JSON.parse(message) as Alert);
      // A store's loss room gets rule hits (the exceptions worker); every other room the aggregator's deltas.
      live.to(room).emit(parsed.kind === 'loss-store' ? LOSS_ALERT_EVENT : LIVE_DELTA_EVENT, JSON.parse(message));
    } catch (err) {
      log.warn({ room, err: (err as Error).message }, 'live relay: a delta that is not JSON was dropped');
    }
  });
  await sub.connect().catch((err: Error) => log.warn({ err: err.message }, 'live relay: redis not reachable yet'));
  await sub.psubscribe(redisKeys.liveChannelPattern()).catch((err: Error) => log.warn({ err: err.message }, 'live relay: subscribe failed; retried on reconnect'));
  return async () => {
    await sub.punsubscribe().catch(() => undefined);
    sub.disconnect();
  };
}
