import type { Namespace, Server, Socket } from 'socket.io';
import type { Logger } from '../../lib/log';
import { JOIN_EVENT, LEAVE_EVENT, LIVE_NAMESPACE, SESSION_CHANGED_EVENT, type JoinAck } from '../../lib/live/rooms';
import { canJoinRoom } from './access';
import type { Principal } from './principal';
import { principalOf, type Session, type Sessions } from './sessions';

/**
 * Socket.IO with sessions. The live rooms (lib/live/rooms.ts) are in the `/live`
 * namespace: connecting to it needs a valid session cookie, and every join is checked
 * with canJoinRoom. The default namespace stays open to everyone for the public health
 * broadcast (the status page works signed out), and has no rooms to join.
 *
 * A session is checked again every 5 s (the user lookup is cached 2 s): a changed role or
 * store list takes the socket out of the rooms it may no longer join (and tells it with
 * `session:changed`); a signed-out session (its id revoked, one MGET for every open
 * socket), a deleted user, a changed password or an expired cookie ends the `/live`
 * connection. While Redis cannot be asked, sockets keep what they have.
 */
export interface LiveSocketData {
  principal: Principal;
  session: Pick<Session, 'ver' | 'jti' | 'exp' | 'passwordSetAt'>;
}

export type SocketSessions = Pick<Sessions, 'verifySession' | 'currentUser' | 'revokedAmong'>;

/** An HQ user could otherwise ask for any number of (region) rooms. */
export const MAX_ROOMS_PER_SOCKET = 500;
export const REVALIDATE_MS = 5000;

const dataOf = (socket: Socket) => socket.data as LiveSocketData;

/**
 * A page on another site may open a WebSocket to us with the user's cookies (WebSockets
 * have no CORS). Browsers always send Origin: it must name this host. Clients that are
 * not browsers send none, and have no victim's cookie to borrow.
 */
function sameHost(headers: Record<string, string | string[] | undefined>): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return typeof origin === 'string' && new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

export function authenticateSockets(
  io: Server,
  sessions: SocketSessions,
  o: { log: Logger; everyMs?: number; now?: () => number },
): { live: Namespace; stop: () => void } {
  const now = o.now ?? Date.now;
  const live = io.of(LIVE_NAMESPACE);

  live.use((socket, next) => {
    if (!sameHost(socket.handshake.headers)) return next(new Error('forbidden origin'));
    sessions.verifySession(socket.handshake.headers.cookie).then(
      (s) => {
        if (!s) return next(new Error('unauthenticated'));
        const data: LiveSocketData = { principal: s.principal, session: { ver: s.ver, jti: s.jti, exp: s.exp, passwordSetAt: s.passwordSetAt } };
        Object.assign(socket.data as object, data);
        next();
      },
      (err: unknown) => {
        o.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'auth: could not check a socket session');
        next(new Error('unavailable'));
      },
    );
  });

  live.on('connection', (socket) => {
    socket.on(JOIN_EVENT, (room: unknown, ack?: unknown) => {
      const reply = (a: JoinAck) => (typeof ack === 'function' ? ack(a) : undefined);
      if (typeof room !== 'string' || !canJoinRoom(dataOf(socket).principal, room)) return reply({ ok: false, error: 'forbidden' });
      if (!socket.rooms.has(room) && socket.rooms.size > MAX_ROOMS_PER_SOCKET) return reply({ ok: false, error: 'too_many_rooms' });
      void socket.join(room);
      reply({ ok: true });
    });
    socket.on(LEAVE_EVENT, (room: unknown, ack?: unknown) => {
      if (typeof room === 'string' && room !== socket.id) void socket.leave(room);
      if (typeof ack === 'function') ack({ ok: true });
    });
  });

  async function revalidate(socket: Socket): Promise<void> {
    const { principal, session } = dataOf(socket);
    if (now() >= session.exp * 1000) return void socket.disconnect();
    let user;
    try {
      user = await sessions.currentUser(principal.userId);
    } catch {
      return; // Redis is away: check again next time
    }
    if (!socket.connected) return;
    if (!user || user.passwordSetAt !== session.passwordSetAt) return void socket.disconnect();
    if (user.tokenVersion === session.ver) return;
    const next = principalOf(user);
    for (const room of socket.rooms) if (room !== socket.id && !canJoinRoom(next, room)) void socket.leave(room);
    Object.assign(socket.data as object, { principal: next, session: { ...session, ver: user.tokenVersion } } satisfies LiveSocketData);
    socket.emit(SESSION_CHANGED_EVENT, { user: { username: next.username, role: next.role, stores: next.stores } });
  }

  /** Every open socket: a signed-out session's disconnected, the others checked against their user. */
  async function revalidateAll(): Promise<void> {
    const sockets = [...live.sockets.values()];
    let revoked = new Set<string>();
    try {
      revoked = await sessions.revokedAmong(sockets.map((s) => dataOf(s).session.jti));
    } catch {
      // Redis is away: nothing is known to be revoked; the user lookups below fail the same way
    }
    await Promise.all(sockets.map((s) => (revoked.has(dataOf(s).session.jti) ? void s.disconnect() : revalidate(s))));
  }

  let running = false;
  const timer = setInterval(() => {
    if (running || live.sockets.size === 0) return;
    running = true;
    revalidateAll()
      .catch((err: unknown) => o.log.error({ err }, 'auth: socket re-validation failed'))
      .finally(() => (running = false));
  }, o.everyMs ?? REVALIDATE_MS);
  timer.unref();

  return { live, stop: () => clearInterval(timer) };
}
