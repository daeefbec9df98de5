import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { CHAIN_ROOM, JOIN_EVENT, roomForLossStore, roomForRegion, roomForStore, SESSION_CHANGED_EVENT, type JoinAck } from '../../lib/live/rooms';
import { principalOf, type Session } from './sessions';
import { authenticateSockets } from './socket-auth';
import type { UserRecord } from './user-store';

/** The /live namespace with fake sessions, on an in-process server on loopback (no services). */
const user = (userId: string, patch: Partial<UserRecord>): UserRecord => ({
  userId,
  username: userId,
  role: 'store_manager',
  stores: ['S001', 'S002'],
  tokenVersion: 1,
  passwordSetAt: 'p1',
  createdAt: '',
  updatedAt: '',
  ...patch,
});

describe('Socket.IO /live with sessions', () => {
  const users = new Map<string, UserRecord>();
  const cookies = new Map<string, { userId: string; ver: number }>();
  /** Signed-out session ids (a session's id here is its cookie); `revocationsDown` makes the lookup fail. */
  const revoked = new Set<string>();
  let revocationsDown = false;
  const revocationChecks: number[] = [];
  let server: http.Server;
  let io: Server;
  let url: string;
  let stop: () => void;
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    users.set('mgr', user('mgr', {}));
    users.set('boss', user('boss', { role: 'admin', stores: 'all' }));
    cookies.set('ts_session=mgr', { userId: 'mgr', ver: 1 });
    cookies.set('ts_session=boss', { userId: 'boss', ver: 1 });
    server = http.createServer();
    io = new Server(server);
    ({ stop } = authenticateSockets(
      io,
      {
        verifySession: async (cookie): Promise<Session | null> => {
          const c = cookies.get(cookie ?? '');
          const u = c && users.get(c.userId);
          if (!c || !u || u.tokenVersion !== c.ver || revoked.has(cookie!)) return null;
          return { principal: principalOf(u), ver: c.ver, jti: cookie!, exp: Date.now() / 1000 + 3600, passwordSetAt: u.passwordSetAt };
        },
        currentUser: async (id) => users.get(id) ?? null,
        revokedAmong: async (jtis) => {
          revocationChecks.push(jtis.length);
          if (revocationsDown) throw new Error('redis down');
          return new Set(jtis.filter((j) => revoked.has(j)));
        },
      },
      { log: createLogger({ level: 'silent' }), everyMs: 50 },
    ));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    stop();
    await new Promise<void>((r) => io.close(() => r()));
  });

  function open(cookie?: string, headers: Record<string, string> = {}): ClientSocket {
    const c = connect(`${url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { ...(cookie ? { cookie } : {}), ...headers } });
    clients.push(c);
    return c;
  }
  const connected = (c: ClientSocket) =>
    new Promise<string>((resolve) => {
      c.once('connect', () => resolve('connected'));
      c.once('connect_error', (e) => resolve(e.message));
    });
  const join = (c: ClientSocket, room: unknown) => c.timeout(2000).emitWithAck(JOIN_EVENT, room) as Promise<JoinAck>;
  const roomsOf = (c: ClientSocket) => [...(io.of('/live').sockets.get(c.id!)?.rooms ?? [])].filter((r) => r !== c.id).sort();

  it('refuses a connection without a valid session', async () => {
    expect(await connected(open())).toBe('unauthenticated');
    expect(await connected(open('ts_session=forged'))).toBe('unauthenticated');
  });

  it('refuses a browser connection from another site', async () => {
    expect(await connected(open('ts_session=mgr', { origin: 'https://evil.example' }))).toBe('forbidden origin');
    expect(await connected(open('ts_session=mgr', { origin: url }))).toBe('connected');
  });

  it('lets a store manager join its stores only', async () => {
    const c = open('ts_session=mgr');
    expect(await connected(c)).toBe('connected');
    expect(await join(c, roomForStore('S001'))).toEqual({ ok: true });
    expect(await join(c, roomForStore('S003'))).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(c, CHAIN_ROOM)).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(c, roomForRegion('North'))).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(c, 'users')).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(c, { room: 'chain' })).toEqual({ ok: false, error: 'forbidden' });
    expect(roomsOf(c)).toEqual(['store:S001']);
    c.close();
  });

  it('lets an admin join the chain', async () => {
    const c = open('ts_session=boss');
    expect(await connected(c)).toBe('connected');
    expect(await join(c, CHAIN_ROOM)).toEqual({ ok: true });
    expect(roomsOf(c)).toEqual(['chain']);
    c.close();
  });

  it('keeps a store manager out of its own store’s loss room; an admin joins it; an analyst turned store manager is taken out', async () => {
    const m = open('ts_session=mgr');
    expect(await connected(m)).toBe('connected');
    expect(await join(m, roomForLossStore('S001'))).toEqual({ ok: false, error: 'forbidden' });
    m.close();
    const b = open('ts_session=boss');
    expect(await connected(b)).toBe('connected');
    expect(await join(b, roomForLossStore('S001'))).toEqual({ ok: true });
    b.close();
    users.set('fa', user('fa', { role: 'fraud_analyst', stores: 'all' }));
    cookies.set('ts_session=fa', { userId: 'fa', ver: 1 });
    const f = open('ts_session=fa');
    expect(await connected(f)).toBe('connected');
    expect(await join(f, roomForLossStore('S001'))).toEqual({ ok: true });
    expect(await join(f, roomForStore('S001'))).toEqual({ ok: true });
    const changed = new Promise((r) => f.once(SESSION_CHANGED_EVENT, r));
    users.set('fa', user('fa', { role: 'store_manager', stores: ['S001'], tokenVersion: 2 }));
    await changed;
    expect(roomsOf(f)).toEqual(['store:S001']);
    f.close();
  });

  it('takes a socket out of the rooms its changed user may no longer join, and says so', async () => {
    users.set('m2', user('m2', {}));
    cookies.set('ts_session=m2', { userId: 'm2', ver: 1 });
    const c = open('ts_session=m2');
    expect(await connected(c)).toBe('connected');
    await join(c, roomForStore('S001'));
    await join(c, roomForStore('S002'));
    const changed = new Promise((r) => c.once(SESSION_CHANGED_EVENT, r));
    users.set('m2', user('m2', { stores: ['S002', 'S003'], tokenVersion: 2 }));
    expect(await changed).toEqual({ user: { username: 'm2', role: 'store_manager', stores: ['S002', 'S003'] } });
    expect(roomsOf(c)).toEqual(['store:S002']);
    expect(c.connected).toBe(true);
    expect(await join(c, roomForStore('S003'))).toEqual({ ok: true });
    expect(await join(c, roomForStore('S001'))).toEqual({ ok: false, error: 'forbidden' });
    c.close();
  });

  it('disconnects a socket whose user is deleted, or whose password changed', async () => {
    for (const change of ['delete', 'password'] as const) {
      const id = `gone-${change}`;
      users.set(id, user(id, {}));
      cookies.set(`ts_session=${id}`, { userId: id, ver: 1 });
      const c = open(`ts_session=${id}`);
      expect(await connected(c)).toBe('connected');
      const gone = new Promise((r) => c.once('disconnect', r));
      if (change === 'delete') users.delete(id);
      else users.set(id, user(id, { tokenVersion: 2, passwordSetAt: 'p2' }));
      expect(await gone).toBe('io server disconnect');
    }
  });

  it('disconnects a signed-out session’s socket at the next check; another session of the same user stays', async () => {
    users.set('m3', user('m3', {}));
    cookies.set('ts_session=m3-a', { userId: 'm3', ver: 1 });
    cookies.set('ts_session=m3-b', { userId: 'm3', ver: 1 });
    const [a, b] = [open('ts_session=m3-a'), open('ts_session=m3-b')];
    expect(await connected(a)).toBe('connected');
    expect(await connected(b)).toBe('connected');
    const gone = new Promise((r) => a.once('disconnect', r));
    revoked.add('ts_session=m3-a');
    expect(await gone).toBe('io server disconnect');
    expect(await connected(open('ts_session=m3-a'))).toBe('unauthenticated');
    await new Promise((r) => setTimeout(r, 200)); // several checks later
    expect(b.connected).toBe(true);
    expect(await join(b, roomForStore('S001'))).toEqual({ ok: true });
    b.close();
  });

  it('asks for the revocations of every open socket at once, and keeps the sockets while that fails', async () => {
    users.set('m4', user('m4', {}));
    cookies.set('ts_session=m4', { userId: 'm4', ver: 1 });
    cookies.set('ts_session=m4-2', { userId: 'm4', ver: 1 });
    const [a, b] = [open('ts_session=m4'), open('ts_session=m4-2')];
    expect(await connected(a)).toBe('connected');
    expect(await connected(b)).toBe('connected');
    revocationChecks.length = 0;
    await new Promise((r) => setTimeout(r, 120));
    expect(revocationChecks.length).toBeGreaterThan(0);
    expect(Math.max(...revocationChecks)).toBeGreaterThanOrEqual(2); // one call for both sockets
    revocationsDown = true;
    revoked.add('ts_session=m4');
    await new Promise((r) => setTimeout(r, 200));
    expect(a.connected).toBe(true);
    const gone = new Promise((r) => a.once('disconnect', r));
    revocationsDown = false;
    expect(await gone).toBe('io server disconnect');
    expect(b.connected).toBe(true);
    b.close();
  });
});
