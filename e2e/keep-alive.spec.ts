import http from 'node:http';
import type { Socket } from 'node:net';
import { expect, test } from '@playwright/test';

/**
 * The server keeps an idle keep-alive connection for 65 s (server/web/http-server.ts), longer
 * than clients and load balancers keep theirs: with Node's default of 5 s, a client that sends on
 * a connection just as the server closes it gets ECONNRESET.
 */
test('an idle keep-alive connection stays open past 5 s, and the next request reuses it', async ({ baseURL }) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ status: number | undefined; keepAlive: string | undefined; socket: Socket }>((resolve, reject) => {
      const req = http.get(`${baseURL}/api/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, keepAlive: String(res.headers['keep-alive']), socket: req.socket! }));
      });
      req.on('error', reject);
    });
  try {
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.keepAlive).toBe('timeout=65');
    let closed = false;
    first.socket.once('close', () => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(closed, 'the server closed the idle connection').toBe(false);
    const second = await get();
    expect(second.status).toBe(200);
    expect(second.socket).toBe(first.socket);
  } finally {
    agent.destroy();
  }
});
