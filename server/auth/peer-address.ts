import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';

/**
 * The client's address for the sign-in limit. A route handler sees only headers, and
 * Next fills `X-Forwarded-For` only when the client did not send one, so that header is
 * whatever the client says. Instead the HTTP server stamps every request with the TCP
 * peer's address in a header of our own, overwriting any value the client sent.
 * Behind a reverse proxy this is the proxy's address, and the limit is then per username.
 */
export const PEER_ADDRESS_HEADER = 'x-tillstream-peer-address';

/** Runs before Next's handler (prepended), on every request of the HTTP server. */
export function stampPeerAddress(server: EventEmitter): void {
  server.prependListener('request', (req: IncomingMessage) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown';
  });
}

export function peerAddressOf(request: Request): string {
  return request.headers.get(PEER_ADDRESS_HEADER) ?? 'unknown';
}
