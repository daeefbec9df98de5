import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { Server as SocketServer } from 'socket.io';
import type { Logger } from '../../lib/log';
import { assertPortFree } from '../../lib/ports';
import { guardDoor } from './door';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

/** How long an idle keep-alive connection is kept (see startHttpServer). */
export const KEEP_ALIVE_MS = 65_000;

export interface WebServer {
  io: SocketServer;
  url: string;
  close: () => Promise<void>;
}

/**
 * The Next.js app (App Router, production build) and Socket.IO on one HTTP server,
 * so the browser talks to a single origin and port. Every request and WebSocket upgrade
 * passes the door first (door.ts): `x-middleware-subrequest` is refused with 400 before
 * Next or Socket.IO see it, and responses get the security headers.
 */
export async function startHttpServer(o: { host: string; port: number; dev: boolean; log: Logger }): Promise<WebServer> {
  await assertPortFree(o.port, 'web dashboard', 'PORT', o.host);
  const app = next({ dev: o.dev, dir: PROJECT_ROOT, hostname: o.host, port: o.port, quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log.error({ err, path: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  // An idle keep-alive connection stays open longer than clients and load balancers keep theirs
  // (60 s is usual): closed at Node's default of 5 s, a client that sends on it just then gets
  // ECONNRESET (seen in e2e: a request after a 6 s pause).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const io = new SocketServer(server, { serveClient: false, transports: ['websocket', 'polling'] });
  guardDoor(server, (req, r) => o.log.debug({ path: req.url?.slice(0, 200), field: r.body.field }, 'refused at the door'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.port}`;
  return {
    io,
    url,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close?.();
    },
  };
}
