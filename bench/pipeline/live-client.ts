import { io, type Socket } from 'socket.io-client';
import { LIVE_DELTA_EVENT, type LiveDelta } from '../../lib/live/live-delta';
import { JOIN_EVENT, LIVE_NAMESPACE, roomForStore, type JoinAck } from '../../lib/live/rooms';

/** Signs in as the demo admin (POST /api/auth/sign-in) and returns the `ts_session=…` cookie pair. */
export async function signIn(baseUrl: string, username = 'admin', password = 'tillstream-demo'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie') ?? '';
  const pair = /(?:^|,\s*)(ts_session=[^;]+)/.exec(cookie)?.[1];
  if (res.status !== 200 || !pair) throw new Error(`sign-in as ${username} answered ${res.status} ${await res.text()}`);
  return pair;
}

/** A `/live` socket (cookie and Origin on the WebSocket handshake) joined to the rooms of the given stores. */
export async function liveSocket(baseUrl: string, cookie: string, stores: string[], onDelta: (d: LiveDelta, receivedAt: number) => void): Promise<Socket> {
  const socket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin: baseUrl },
    reconnection: false,
    timeout: 10_000,
  });
  socket.on(LIVE_DELTA_EVENT, (d: LiveDelta) => onDelta(d, performance.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(new Error(`/live did not accept the socket: ${err.message}`)));
  });
  for (const storeId of stores) {
    const ack = (await socket.timeout(10_000).emitWithAck(JOIN_EVENT, roomForStore(storeId))) as JoinAck;
    if (!ack.ok) throw new Error(`join ${roomForStore(storeId)} refused: ${ack.error}`);
  }
  return socket;
}
