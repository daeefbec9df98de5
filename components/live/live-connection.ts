import { io, type Socket } from 'socket.io-client';
import { LIVE_DELTA_EVENT, type LiveDelta } from '@/lib/live/live-delta';
import type { Alert } from '@/lib/alerts/alert-model';
import { ALERT_CHANGED_EVENT, ALERTS_ROOM, JOIN_EVENT, LEAVE_EVENT, LIVE_NAMESPACE, LOSS_ALERT_EVENT, SESSION_CHANGED_EVENT, roomForLossStore, type JoinAck } from '@/lib/live/rooms';
import type { LossAlert } from '@/lib/loss/rules/loss-alert';

/**
 * What the live indicator shows:
 *   - `connecting`: first connection under way;
 *   - `live`: connected and applying updates;
 *   - `paused`: the tab is hidden, updates are not applied (caught up from a snapshot when shown);
 *   - `reconnecting`: the connection dropped (e.g. a server restart), retrying;
 *   - `refused`: the server refused the session (signed out, expired): reload to sign in.
 */
export type LiveStatus = 'connecting' | 'live' | 'paused' | 'reconnecting' | 'refused';

export interface LiveState {
  status: LiveStatus;
  /** When the last delta was applied (epoch ms), or null. */
  lastUpdateAt: number | null;
  /** Rooms the server refused (role or store scope). */
  refusedRooms: string[];
}

/**
 * What a room carries: the aggregator's deltas (`chain`, `region:…`, `store:…`), one rule hit
 * at a time (`loss:store:…`, lib/live/rooms.ts LOSS_ALERT_EVENT), or one alert as it now stands
 * (`alerts`, ALERT_CHANGED_EVENT: only those the user may see).
 */
export type LiveMessage = LiveDelta | LossAlert | Alert;
type Handler = (message: never) => void;

/** How long received deltas are kept for replay onto a snapshot that answers late. */
const RECENT_MS = 30_000;
const RECENT_MAX = 400;
/** A handshake the server turned down for a passing reason is asked again after about this long, doubling up to the max. */
const RETRY_MS = 500;
const RETRY_MAX_MS = 5_000;

export interface LiveConnection {
  /**
   * Joins `room` (once, however many subscribe) and calls `onMessage` with what it carries while
   * visible: deltas (LiveDelta, the default), for a `loss:store:<id>` room rule hits
   * (LossAlert), for the `alerts` room the alerts' changes (Alert). Returns the unsubscribe.
   * `onJoined` is called once the server accepts the room's first join: what was published
   * between the snapshot and that moment never reached the page, so its snapshot is reloaded.
   * A subscriber of a room joined already is told at once (it receives from now on).
   */
  subscribe: <M extends LiveMessage = LiveDelta>(room: string, onMessage: (message: M) => void, onJoined?: () => void) => () => void;
  /** Called after every reconnection and when a hidden tab is shown: reload the snapshots. */
  onResync: (fn: () => void) => () => void;
  /** Called when the server says the user's role or stores changed. */
  onSessionChanged: (fn: () => void) => () => void;
  /**
   * The deltas of `room` received in the last few seconds, oldest first: a snapshot that
   * arrives after some of them (a slow answer) replays those published after it was read.
   */
  recent: (room: string) => LiveDelta[];
  getState: () => LiveState;
  subscribeState: (fn: () => void) => () => void;
  setVisible: (visible: boolean) => void;
  close: () => void;
}

/**
 * One Socket.IO connection to `/live` per page, shared by every live query on it. Rooms are
 * joined when the first query needs them and again after every reconnection (a restarted
 * server has forgotten them); a hidden tab keeps the connection but applies nothing, and
 * asks for fresh snapshots when it is shown again. Deltas carry absolute values, so one
 * applied after a snapshot that already had it changes nothing.
 */
export function createLiveConnection(o: { url?: string } = {}): LiveConnection {
  const handlers = new Map<string, Set<Handler>>();
  const recent = new Map<string, LiveDelta[]>();
  const joinedCallbacks = new Map<string, Set<() => void>>();
  /** Rooms joined at least once since they were first subscribed (later joins are reconnections: a resync covers them). */
  const joinedOnce = new Set<string>();
  const resyncs = new Set<() => void>();
  const sessionChanges = new Set<() => void>();
  const listeners = new Set<() => void>();
  let state: LiveState = { status: 'connecting', lastUpdateAt: null, refusedRooms: [] };
  let visible = typeof document === 'undefined' ? true : !document.hidden;
  let everConnected = false;
  let socket: Socket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;

  const setState = (patch: Partial<LiveState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };
  const connectedStatus = (): LiveStatus => (visible ? 'live' : 'paused');
  const resync = () => {
    for (const fn of resyncs) fn();
  };

  function join(room: string) {
    socket?.emit(JOIN_EVENT, room, (ack: JoinAck) => {
      const refused = state.refusedRooms.filter((r) => r !== room);
      setState({ refusedRooms: ack.ok ? refused : [...refused, room] });
      if (ack.ok && handlers.has(room) && !joinedOnce.has(room)) {
        joinedOnce.add(room);
        for (const fn of joinedCallbacks.get(room) ?? []) fn();
      }
    });
  }

  function deliver(room: string, message: LiveMessage) {
    const hs = handlers.get(room);
    if (!hs) return;
    for (const h of hs) (h as (m: LiveMessage) => void)(message);
    setState({ lastUpdateAt: Date.now() });
  }

  function ensureSocket(): Socket {
    if (socket) return socket;
    // Same origin in the browser; a full URL in tests.
    const s = io(o.url ?? LIVE_NAMESPACE, { transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    socket = s;
    s.on('connect', () => {
      retries = 0;
      for (const room of handlers.keys()) join(room);
      setState({ status: connectedStatus() });
      // A reconnection may have missed deltas: reload the snapshots.
      if (everConnected) resync();
      everConnected = true;
    });
    s.on('disconnect', (reason) => {
      // The server ended it (a revoked session): try once more; the handshake tells.
      if (reason === 'io server disconnect') s.connect();
      setState({ status: 'reconnecting' });
    });
    s.on('connect_error', (err: Error) => {
      if (err.message === 'unauthenticated' || err.message === 'forbidden origin') {
        s.disconnect();
        setState({ status: 'refused' });
        return;
      }
      setState({ status: everConnected ? 'reconnecting' : 'connecting' });
      // A transport error is retried by Socket.IO's manager; a handshake the server's middleware
      // turned down (`unavailable`: Redis did not answer) is not: the socket is no longer active.
      if (!s.active && retry === undefined) {
        const wait = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** retries++) * (0.75 + Math.random() / 4);
        retry = setTimeout(() => {
          retry = undefined;
          if (socket === s && !s.connected) s.connect();
        }, wait);
      }
    });
    s.on(LIVE_DELTA_EVENT, (delta: LiveDelta) => {
      if (!visible || !handlers.has(delta.room)) return;
      const kept = (recent.get(delta.room) ?? []).filter((d) => d.publishedAt > delta.publishedAt - RECENT_MS).slice(-RECENT_MAX + 1);
      kept.push(delta);
      recent.set(delta.room, kept);
      deliver(delta.room, delta);
    });
    s.on(LOSS_ALERT_EVENT, (alert: LossAlert) => {
      // A hit goes to its store's loss room; a snapshot that answers late already holds it (merged by id).
      const storeId = alert?.subject?.storeId;
      if (visible && typeof storeId === 'string') deliver(roomForLossStore(storeId), alert);
    });
    s.on(ALERT_CHANGED_EVENT, (alert: Alert) => {
      // The server sends it only to the sockets in the alerts room whose user may see it; a snapshot that answers late holds it already (merged by id and version).
      if (visible && typeof alert?.id === 'string') deliver(ALERTS_ROOM, alert);
    });
    s.on(SESSION_CHANGED_EVENT, () => {
      for (const fn of sessionChanges) fn();
      // Rooms the new scope still allows are kept by the server; ask again for the rest (refusals show).
      for (const room of handlers.keys()) join(room);
    });
    return s;
  }

  return {
    subscribe(room, onMessage, onJoined) {
      const onDelta = onMessage as Handler;
      let hs = handlers.get(room);
      const joinedFns = joinedCallbacks.get(room) ?? new Set<() => void>();
      joinedCallbacks.set(room, joinedFns);
      if (onJoined) joinedFns.add(onJoined);
      // A room joined already: this subscriber receives from now on; it is told so (its snapshot, read from now on too, needs no reload, but its "joined" shows).
      if (onJoined && hs && joinedOnce.has(room)) queueMicrotask(() => joinedFns.has(onJoined) && onJoined());
      if (!hs) {
        handlers.set(room, (hs = new Set()));
        if (ensureSocket().connected) join(room);
      }
      hs.add(onDelta);
      return () => {
        hs.delete(onDelta);
        if (onJoined) joinedFns.delete(onJoined);
        if (hs.size === 0 && handlers.get(room) === hs) {
          handlers.delete(room);
          joinedCallbacks.delete(room);
          joinedOnce.delete(room);
          recent.delete(room);
          socket?.emit(LEAVE_EVENT, room);
        }
      };
    },
    onResync(fn) {
      resyncs.add(fn);
      return () => resyncs.delete(fn);
    },
    onSessionChanged(fn) {
      sessionChanges.add(fn);
      return () => sessionChanges.delete(fn);
    },
    recent: (room) => recent.get(room) ?? [],
    getState: () => state,
    subscribeState(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setVisible(v) {
      if (v === visible) return;
      visible = v;
      // What was received before hiding is older than the snapshots that showing reloads.
      recent.clear();
      if (socket?.connected) setState({ status: connectedStatus() });
      // Shown again: what was not applied while hidden comes back with fresh snapshots.
      if (v) resync();
    },
    close() {
      clearTimeout(retry);
      retry = undefined;
      socket?.close();
      socket = undefined;
    },
  };
}
