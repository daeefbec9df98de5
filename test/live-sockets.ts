import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../lib/live/rooms';
import type { Logger } from '../lib/log';
import type { AuthService } from '../server/auth/auth-service';
import { authenticateSockets } from '../server/auth/socket-auth';
import { startLiveRelay } from '../server/web/live-relay';

/**
 * The web tier's live push for an int test: a real Socket.IO server on 127.0.0.1 with the real
 * socket auth and live relay (Redis at `redisUrl`), and `connectAs(username)`: a `/live` socket
 * signed in as that user (a session the auth service issues), connected. `stop` closes it all.
 */
export async function startLiveSockets(auth: AuthService, redisUrl: string, log: Logger) {
  const server = http.createServer();
  const io = new Server(server);
  const socketAuth = authenticateSockets(io, auth.sessions, { log });
  const stopRelay = await startLiveRelay(io, redisUrl, log);
  const sockets: ClientSocket[] = [];
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${LIVE_NAMESPACE}`;
  return {
    async connectAs(username: string): Promise<ClientSocket> {
      const cookie = `ts_session=${await auth.sessions.issue((await auth.users.getUser(username))!)}`;
      const c = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
      sockets.push(c);
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', reject);
      });
      return c;
    },
    async stop(): Promise<void> {
      sockets.forEach((c) => c.close());
      socketAuth.stop();
      await stopRelay();
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}
