'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { LiveDelta } from '@/lib/live/live-delta';
import { useLiveConnection } from './live-provider';
import type { LiveMessage, LiveState } from './live-connection';

/**
 * Calls `onMessage` with what each of `rooms` carries (deltas, or a loss room's rule hits)
 * while the tab is visible, and `onJoined` each time the server has accepted one of them
 * (reload the snapshot: what was published before then never arrived).
 */
export function useLiveRooms<M extends LiveMessage = LiveDelta>(rooms: readonly string[], onMessage: (message: M) => void, onJoined?: () => void): void {
  const conn = useLiveConnection();
  const handler = useRef(onMessage);
  const joined = useRef(onJoined);
  useEffect(() => {
    handler.current = onMessage;
    joined.current = onJoined;
  });
  // One subscription per room; the list's content, not its identity, decides when to change them.
  const key = rooms.join('\n');
  useEffect(() => {
    if (!key) return;
    const offs = key.split('\n').map((room) =>
      conn.subscribe<M>(
        room,
        (m) => handler.current(m),
        () => joined.current?.(),
      ),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [conn, key]);
}

/** One room (null: none): useLiveRooms for the common case. */
export function useLiveRoom<M extends LiveMessage = LiveDelta>(room: string | null, onMessage: (message: M) => void, onJoined?: () => void): void {
  useLiveRooms<M>(room ? [room] : [], onMessage, onJoined);
}

const SERVER_STATE: LiveState = { status: 'connecting', lastUpdateAt: null, refusedRooms: [] };

/** The connection's state, for the live indicator. */
export function useLiveState(): LiveState {
  const conn = useLiveConnection();
  return useSyncExternalStore(conn.subscribeState, conn.getState, () => SERVER_STATE);
}
