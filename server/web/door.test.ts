import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardDoor, refusalOf, SECURITY_HEADERS, SERVED_METHODS, setSecurityHeaders, SUBREQUEST_HEADER } from './door';

describe('refusalOf', () => {
  it('refuses x-middleware-subrequest whatever its value, naming the header', () => {
    for (const value of ['middleware', 'src/middleware:src/middleware:src/middleware', 'pages/_middleware', '', ['a', 'b']]) {
      const r = refusalOf({ method: 'GET', headers: { [SUBREQUEST_HEADER]: value as string } });
      expect(r?.status, JSON.stringify(value)).toBe(400);
      expect(r?.body).toMatchObject({ error: 'invalid_request', field: SUBREQUEST_HEADER });
      expect(r?.body.message).toContain(SUBREQUEST_HEADER);
    }
  });

  it('refuses TRACE and TRACK with 405 and the methods served', () => {
    for (const method of ['TRACE', 'TRACK', 'trace']) {
      const r = refusalOf({ method, headers: {} });
      expect(r?.status, method).toBe(405);
      expect(r?.body).toMatchObject({ error: 'method_not_allowed', field: 'method' });
      expect(r?.headers?.allow).toBe(SERVED_METHODS);
    }
  });

  it('lets everything else in', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', undefined]) expect(refusalOf({ method, headers: {} }), method).toBeNull();
    expect(refusalOf({ method: 'GET', headers: { 'x-middleware-subrequest-id': 'x', 'x-middleware-prefetch': '1', cookie: 'x-middleware-subrequest=1' } })).toBeNull();
  });
});

describe('setSecurityHeaders', () => {
  it('sets the ones missing and keeps those already set', () => {
    const headers = new Map<string, string>([['x-frame-options', 'SAMEORIGIN']]);
    setSecurityHeaders({
      hasHeader: (n: string) => headers.has(n),
      setHeader: ((n: string, v: string) => headers.set(n, v)) as unknown as http.ServerResponse['setHeader'],
    });
    expect(Object.fromEntries(headers)).toEqual({ ...SECURITY_HEADERS, 'x-frame-options': 'SAMEORIGIN' });
  });
});

/** A raw HTTP exchange, so that an upgrade's answer can be read as it is written. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    let out = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (out += d));
    s.on('close', () => resolve(out));
    s.on('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error(`no answer; so far: ${out}`)));
  });
}

describe('guardDoor on a server with Socket.IO', () => {
  let server: http.Server;
  let io: SocketServer;
  let port: number;
  let base: string;
  const seen: string[] = [];
  const refused: string[] = [];
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/own-frame-policy') res.setHeader('x-frame-options', 'SAMEORIGIN');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('page');
    });
    io = new SocketServer(server, { serveClient: false, transports: ['websocket', 'polling'] });
    guardDoor(server, (req) => refused.push(req.url ?? ''));
    // A listener added after the door (as the peer-address stamp is): still behind it.
    server.prependListener('request', (req: http.IncomingMessage) => seen.push(`prepended ${req.url}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await new Promise<void>((r) => io.close(() => r()));
  });

  it('answers 400 naming the header, for any path and method, and nobody behind the door sees the request', async () => {
    seen.length = 0;
    for (const [path, method] of [
      ['/', 'GET'],
      ['/api/v1/kpis?storeId=S003', 'GET'],
      ['/api/v1/admin/users', 'POST'],
      ['/socket.io/?EIO=4&transport=polling', 'GET'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method, headers: { [SUBREQUEST_HEADER]: 'middleware:middleware:middleware:middleware:middleware' } });
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.json()).toMatchObject({ error: 'invalid_request', field: SUBREQUEST_HEADER });
    }
    expect(seen).toEqual([]);
    expect(refused).toContain('/api/v1/kpis?storeId=S003');
  });

  it('lets other requests through with the security headers, keeping a header the handler sets itself', async () => {
    seen.length = 0;
    const res = await fetch(`${base}/page`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('page');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
    expect(seen).toEqual(['prepended /page', '/page']);
    const own = await fetch(`${base}/own-frame-policy`);
    expect(own.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers TRACE with 405 before anyone sees it', async () => {
    seen.length = 0;
    const answer = await raw(port, 'TRACE /api/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(answer.toLowerCase()).toContain(`allow: ${SERVED_METHODS.toLowerCase()}`);
    expect(seen).toEqual([]);
  });

  it('refuses a WebSocket upgrade carrying the header with the same 400', async () => {
    const answer = await raw(
      port,
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nx-middleware-subrequest: middleware\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain(`"field":"${SUBREQUEST_HEADER}"`);
  });

  it('keeps Socket.IO working without the header, and refuses its handshake with it', async () => {
    const ok = connect(base, { transports: ['websocket'], forceNew: true, reconnection: false });
    clients.push(ok);
    await new Promise<void>((resolve, reject) => {
      ok.once('connect', resolve);
      ok.once('connect_error', reject);
    });
    for (const transports of [['websocket'], ['polling']]) {
      const bad = connect(base, { transports, forceNew: true, reconnection: false, extraHeaders: { [SUBREQUEST_HEADER]: 'middleware' } });
      clients.push(bad);
      const err = await new Promise<Error>((resolve, reject) => {
        bad.once('connect', () => reject(new Error(`${transports[0]}: connected with the header`)));
        bad.once('connect_error', resolve);
      });
      expect(err).toBeInstanceOf(Error);
    }
  });
});
