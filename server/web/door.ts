import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The door of the web tier's HTTP server: every request and every WebSocket upgrade (Next's
 * pages and API routes, Socket.IO's polling and websocket transports) passes here before
 * anything else sees it.
 *
 * - `x-middleware-subrequest` is how Next.js marks its own internal requests; honouring it
 *   from a client let requests skip middleware (CVE-2025-29927). No client has a reason to
 *   send it, so any request carrying it (whatever its value) is answered 400 here, before
 *   Next or Socket.IO are asked. The route guards (server/auth/http-guards.ts) refuse it too.
 * - TRACE and TRACK are answered 405 here: nothing serves them, and Next's route handlers
 *   would otherwise fail on them with a 500 (a fetch Request cannot carry those methods).
 * - Every response gets the security headers below unless whoever answers sets its own.
 *   No script policy: Next's pages run inline scripts; framing is refused with
 *   `frame-ancestors` (and X-Frame-Options for older browsers) instead.
 */
export const SUBREQUEST_HEADER = 'x-middleware-subrequest';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
};

/** The methods any route of this server answers (for the Allow header of a 405). */
export const SERVED_METHODS = 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE';
const REFUSED_METHODS = new Set(['TRACE', 'TRACK']);

export interface DoorRefusal {
  status: 400 | 405;
  body: { error: 'invalid_request' | 'method_not_allowed'; field: string; message: string };
  headers?: Record<string, string>;
}

/** Why a request may not come in (the answer to give), or null when it may. */
export function refusalOf(req: { method?: string; headers: IncomingHttpHeaders }): DoorRefusal | null {
  if (req.headers[SUBREQUEST_HEADER] !== undefined) {
    return {
      status: 400,
      body: {
        error: 'invalid_request',
        field: SUBREQUEST_HEADER,
        message: `${SUBREQUEST_HEADER}: the header is internal to Next.js and not accepted from clients; send the request without it`,
      },
    };
  }
  const method = (req.method ?? '').toUpperCase();
  if (REFUSED_METHODS.has(method)) {
    return {
      status: 405,
      body: { error: 'method_not_allowed', field: 'method', message: `method: ${method} is not served here (${SERVED_METHODS})` },
      headers: { allow: SERVED_METHODS },
    };
  }
  return null;
}

/** Sets each security header the response does not have yet (whoever answers later may still set its own). */
export function setSecurityHeaders(res: Pick<ServerResponse, 'hasHeader' | 'setHeader'>): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!res.hasHeader(name)) res.setHeader(name, value);
}

function answerRequest(res: ServerResponse, r: DoorRefusal): void {
  const body = JSON.stringify(r.body);
  res.writeHead(r.status, {
    ...SECURITY_HEADERS,
    ...r.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}

/** An upgrade has no ServerResponse: the answer is written to the socket as it is, then the socket closes. */
function answerUpgrade(socket: Duplex, r: DoorRefusal): void {
  const body = JSON.stringify(r.body);
  const head = [
    `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status]}`,
    ...Object.entries({ ...SECURITY_HEADERS, ...r.headers }).map(([k, v]) => `${k}: ${v}`),
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    'connection: close',
  ];
  socket.on('error', () => undefined);
  if (!socket.writable) return void socket.destroy();
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/**
 * Puts the door in front of every `request` and `upgrade` listener of the server, those
 * added before and after this call alike (Socket.IO replaces the `request` listeners when
 * it attaches, and others are prepended later), by wrapping the server's `emit`.
 */
export function guardDoor(server: Server, onRefused?: (req: IncomingMessage, r: DoorRefusal) => void): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  const guarded = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const refused = refusalOf(req);
      if (refused) {
        onRefused?.(req, refused);
        answerRequest(res, refused);
        return true;
      }
      setSecurityHeaders(res);
    } else if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex];
      const refused = refusalOf(req);
      if (refused) {
        onRefused?.(req, refused);
        answerUpgrade(socket, refused);
        return true;
      }
    }
    return emit(event, ...args);
  };
  server.emit = guarded as Server['emit'];
}
