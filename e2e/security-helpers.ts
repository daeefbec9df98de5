import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { JOIN_EVENT, LIVE_NAMESPACE, type JoinAck } from '../lib/live/rooms';
import { DEMO_PASSWORD } from './sign-in';

/**
 * What the security-*.spec.ts files share (the dashboard as an attacker tries it, through the
 * real server, as a browser or an HTTP client would): API sign-ins, temporary users, and
 * `/live` sockets opened from the test process. A spec that uses them closes them with
 * `test.afterEach(closeOpened)`.
 */

export const COOKIE = 'ts_session';
export const FORBIDDEN: JoinAck = { ok: false, error: 'forbidden' };
export const OWN = ['S001', 'S002'];
export const TEMP_PASSWORD = 'temporary-password-1';

export const tempName = (what: string) => `sec-${what}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export interface ApiSession {
  ctx: APIRequestContext;
  token: string;
  /** Headers of a same-origin mutation. */
  own: Record<string, string>;
}

/** Signs in over the API (the page's sign-in is tested in auth.spec.ts): a request context holding the cookie. */
export async function apiSignIn(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const ctx = await playwright.request.newContext({ baseURL });
  const res = await ctx.post('/api/auth/sign-in', { data: { username, password }, headers: { origin: baseURL } });
  expect(res.status(), `sign-in of ${username}: ${await res.text()}`).toBe(200);
  const token = (await ctx.storageState()).cookies.find((c) => c.name === COOKIE)?.value;
  if (!token) throw new Error(`no ${COOKIE} cookie after signing in ${username}`);
  return { ctx, token, own: { origin: baseURL } };
}

// ---- Socket.IO from the test process -------------------------------------------------

const sockets: Socket[] = [];
/** Request contexts a test opened (it pushes them here): closed by `closeOpened`. */
export const contexts: APIRequestContext[] = [];
/** Closes the sockets and request contexts the test opened: every spec's `test.afterEach`. */
export async function closeOpened(): Promise<void> {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(contexts.splice(0).map((c) => c.dispose()));
}

/** A `/live` socket with the given cookie and headers, websocket only, no reconnection. */
export function liveSocket(baseURL: string, o: { token?: string; headers?: Record<string, string> } = {}): Socket {
  const extraHeaders: Record<string, string> = { ...(o.token ? { cookie: `${COOKIE}=${o.token}` } : {}), ...o.headers };
  const s = io(`${baseURL}${LIVE_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000, extraHeaders });
  sockets.push(s);
  return s;
}

export function connected(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (err) => reject(new Error(`refused: ${err.message}`)));
  });
}

/** The connect_error's message; fails when the socket connects. */
export function refusal(s: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => reject(new Error('the socket connected')));
    s.once('connect_error', (err) => resolve(err.message));
  });
}

export const join = (s: Socket, room: string): Promise<JoinAck> => s.timeout(5000).emitWithAck(JOIN_EVENT, room) as Promise<JoinAck>;

export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

/** True once `cond` holds, false when `ms` pass first (for what the simulator may or may not produce meanwhile). */
export async function eventually(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
