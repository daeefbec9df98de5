import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveDelta } from '@/lib/live/live-delta';
import { emptyCounts } from '@/lib/live/minute-counts';
import type { Alert } from '@/lib/alerts/alert-model';
import { ALERT_CHANGED_EVENT, ALERTS_ROOM, JOIN_EVENT, LIVE_NAMESPACE, LOSS_ALERT_EVENT, SESSION_CHANGED_EVENT, roomForLossStore } from '@/lib/live/rooms';
import type { LossAlert } from '@/lib/loss/rules/loss-alert';
import { createLiveConnection, type LiveConnection } from './live-connection';

/**
 * A real Socket.IO server with the /live namespace's join protocol (rooms named `forbidden:*`
 * are refused); `unavailableFor` handshakes are first turned down as the web tier's middleware
 * does while Redis does not answer (server/auth/socket-auth.ts: `unavailable`).
 */
async function startServer(port = 0, o: { unavailableFor?: number } = {}) {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports: ['websocket'] });
  const joins: string[] = [];
  let refusals = o.unavailableFor ?? 0;
  const handshakes = { refused: 0 };
  io.of(LIVE_NAMESPACE).use((_socket, next) => {
    if (refusals <= 0) return next();
    refusals -= 1;
    handshakes.refused += 1;
    next(new Error('unavailable'));
  });
  io.of(LIVE_NAMESPACE).on('connection', (socket) => {
    socket.on(JOIN_EVENT, (room: string, ack: (a: unknown) => void) => {
      joins.push(room);
      if (room.startsWith('forbidden:')) return ack({ ok: false, error: 'forbidden' });
      void socket.join(room);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  return {
    port: (httpServer.address() as AddressInfo).port,
    joins,
    handshakes,
    emit: (delta: LiveDelta) => io.of(LIVE_NAMESPACE).to(delta.room).emit('live:delta', delta),
    /** As the web tier relays a rule hit: to its store's loss room (server/web/live-relay.ts). */
    alert: (a: LossAlert) => io.of(LIVE_NAMESPACE).to(roomForLossStore(a.subject.storeId)).emit(LOSS_ALERT_EVENT, a),
    /** As the web tier relays an alert's change: to the sockets of the alerts room (server/web/live-relay.ts). */
    alertChanged: (a: Alert) => io.of(LIVE_NAMESPACE).to(ALERTS_ROOM).emit(ALERT_CHANGED_EVENT, a),
    sessionChanged: () => io.of(LIVE_NAMESPACE).emit(SESSION_CHANGED_EVENT, {}),
    close: async () => {
      io.of(LIVE_NAMESPACE).disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

const delta = (room: string, publishedAt = Date.now()): LiveDelta => ({ room, publishedAt, minutes: [], today: emptyCounts(), resync: false, sources: [] });

const alert = (id: string, storeId: string): LossAlert => ({
  id,
  kind: 'loss_rule',
  severity: 'warning',
  subject: { storeId, tillId: `${storeId}-T01`, cashierId: 'C001', receiptId: '' },
  evidence: { ruleId: 'post-void-then-no-sale', ruleVersion: 1, ruleName: 'Post-void then no-sale', ruleKind: 'sequence', events: [], detail: {} },
  state: 'open',
  openedAt: Date.now(),
  day: '2026-11-21',
});

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let conn: LiveConnection | undefined;
let servers: Awaited<ReturnType<typeof startServer>>[] = [];
afterEach(async () => {
  conn?.close();
  for (const s of servers) await s.close().catch(() => undefined);
  servers = [];
});

describe('the live connection', () => {
  it('joins a room once for its subscribers, delivers its deltas, and says which rooms were refused', async () => {
    const server = await startServer();
    servers.push(server);
    conn = createLiveConnection({ url: `http://127.0.0.1:${server.port}${LIVE_NAMESPACE}` });
    const got: string[] = [];
    const off1 = conn.subscribe('store:S001', (d) => got.push(`a:${d.room}`));
    conn.subscribe('store:S001', (d) => got.push(`b:${d.room}`));
    conn.subscribe('forbidden:x', () => got.push('never'));
    await until(() => conn!.getState().status === 'live' && server.joins.length === 2, 'joins');
    await until(() => conn!.getState().refusedRooms.includes('forbidden:x'), 'the refusal');
    expect(server.joins.sort()).toEqual(['forbidden:x', 'store:S001']);
    server.emit(delta('store:S001'));
    await until(() => got.length === 2, 'the delta');
    expect(got.sort()).toEqual(['a:store:S001', 'b:store:S001']);
    expect(conn.getState().lastUpdateAt).not.toBeNull();
    expect(conn.recent('store:S001')).toHaveLength(1);
    off1();
    server.emit(delta('store:S001'));
    await until(() => got.length === 3, 'the second delta');
    expect(got[2]).toBe('b:store:S001');
  });

  it('delivers a store’s rule hits to the subscribers of its loss room only, and none while hidden', async () => {
    const server = await startServer();
    servers.push(server);
    conn = createLiveConnection({ url: `http://127.0.0.1:${server.port}${LIVE_NAMESPACE}` });
    const got: string[] = [];
    conn.subscribe<LossAlert>(roomForLossStore('S001'), (a) => got.push(`S001:${a.id}`));
    conn.subscribe<LossAlert>(roomForLossStore('S002'), (a) => got.push(`S002:${a.id}`));
    const deltas: string[] = [];
    conn.subscribe('store:S001', (d) => deltas.push(d.room));
    await until(() => server.joins.length === 3, 'joins');
    server.alert(alert('h1', 'S001'));
    server.alert(alert('h2', 'S002'));
    await until(() => got.length === 2, 'the hits');
    expect(got.sort()).toEqual(['S001:h1', 'S002:h2']);
    expect(deltas).toEqual([]);
    conn.setVisible(false);
    server.alert(alert('h3', 'S001'));
    server.emit(delta('store:S001'));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(2);
    expect(deltas).toEqual([]);
  });

  it('delivers the alerts’ changes to the subscribers of the alerts room, after its join is accepted, and none while hidden', async () => {
    const server = await startServer();
    servers.push(server);
    conn = createLiveConnection({ url: `http://127.0.0.1:${server.port}${LIVE_NAMESPACE}` });
    const got: string[] = [];
    let joined = 0;
    conn.subscribe<Alert>(ALERTS_ROOM, (a) => got.push(`${a.id}@${a.version}`), () => (joined += 1));
    const deltas: string[] = [];
    conn.subscribe('chain', (d) => deltas.push(d.room));
    await until(() => joined === 1 && server.joins.length === 2, 'the join');
    // A second subscriber of the joined room (the page under the bell) is told at once; nothing is joined again.
    let late = 0;
    const offLate = conn.subscribe<Alert>(ALERTS_ROOM, () => undefined, () => (late += 1));
    await until(() => late === 1, 'the late subscriber told');
    offLate();
    expect(server.joins).toHaveLength(2);
    const changed = (version: number): Alert => ({ id: 'a1', kind: 'till_gap', severity: 'warning', subject: { storeId: 'S003', tillId: 'S003-T09' }, evidence: {}, state: 'open', openedAt: 1, dedupeKey: 'k', repeats: 0, repeatIds: [], version, updatedAt: 1 });
    server.alertChanged(changed(1));
    server.alertChanged(changed(2));
    await until(() => got.length === 2, 'the changes');
    expect(got).toEqual(['a1@1', 'a1@2']);
    expect(deltas).toEqual([]);
    conn.setVisible(false);
    server.alertChanged(changed(3));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(2);
  });

  it('after a server restart it reconnects, joins its rooms again and asks for fresh snapshots', async () => {
    const first = await startServer();
    servers.push(first);
    conn = createLiveConnection({ url: `http://127.0.0.1:${first.port}${LIVE_NAMESPACE}` });
    let resyncs = 0;
    conn.onResync(() => resyncs++);
    const got: LiveDelta[] = [];
    conn.subscribe('chain', (d) => got.push(d));
    await until(() => first.joins.length === 1 && conn!.getState().status === 'live', 'the first join');
    expect(resyncs).toBe(0);

    await first.close();
    servers = [];
    await until(() => conn!.getState().status === 'reconnecting', 'reconnecting');
    const second = await startServer(first.port);
    servers.push(second);
    await until(() => second.joins.includes('chain') && conn!.getState().status === 'live', 'the join after the restart');
    expect(resyncs).toBe(1);
    second.emit(delta('chain'));
    await until(() => got.length === 1, 'a delta from the restarted server');
  });

  it('a handshake the server turns down for a passing reason (Redis did not answer) is asked again until it is let in', async () => {
    // Socket.IO does not retry a handshake refused by the server's middleware on its own.
    const server = await startServer(0, { unavailableFor: 2 });
    servers.push(server);
    conn = createLiveConnection({ url: `http://127.0.0.1:${server.port}${LIVE_NAMESPACE}` });
    const got: LiveDelta[] = [];
    conn.subscribe('chain', (d) => got.push(d));
    await until(() => server.handshakes.refused === 1, 'the first refusal');
    expect(conn.getState().status).toBe('connecting');
    await until(() => server.joins.includes('chain') && conn!.getState().status === 'live', 'the join once the server lets it in');
    expect(server.handshakes.refused).toBe(2);
    server.emit(delta('chain'));
    await until(() => got.length === 1, 'a delta');
  });

  it('a hidden tab applies nothing, and asks for fresh snapshots when shown', async () => {
    const server = await startServer();
    servers.push(server);
    conn = createLiveConnection({ url: `http://127.0.0.1:${server.port}${LIVE_NAMESPACE}` });
    let resyncs = 0;
    conn.onResync(() => resyncs++);
    const got: LiveDelta[] = [];
    conn.subscribe('chain', (d) => got.push(d));
    await until(() => server.joins.length === 1 && conn!.getState().status === 'live', 'the join');
    conn.setVisible(false);
    expect(conn.getState().status).toBe('paused');
    server.emit(delta('chain'));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(0);
    conn.setVisible(true);
    expect(conn.getState().status).toBe('live');
    expect(resyncs).toBe(1);
    server.emit(delta('chain'));
    await until(() => got.length === 1, 'the delta once shown');
  });

  it('a changed session asks the page to reload and joins its rooms again (the server says which it may keep)', async () => {
    const server = await startServer();
    servers.push(server);
    conn = createLiveConnection({ url: `http://127.0.0.1:${server.port}${LIVE_NAMESPACE}` });
    let changed = 0;
    conn.onSessionChanged(() => changed++);
    conn.subscribe('store:S002', () => undefined);
    await until(() => server.joins.length === 1, 'the join');
    server.sessionChanged();
    await until(() => changed === 1 && server.joins.length === 2, 'the re-join');
  });
});
