'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { LiveDelta } from '@/lib/live/live-delta';
import { useLiveConnection } from './live-provider';
import type { LiveState } from './live-connection';

/**
 * Calls `onDelta` with each delta of `room` (null: none) while the tab is visible, and
 * `onJoined` once the server has accepted the room (reload the snapshot: what was
 * published before then never arrived).
 */
export function useLiveRoom(room: string | null, onDelta: (delta: LiveDelta) => void, onJoined?: () => void): void {
  const conn = useLiveConnection();
  const handler = useRef(onDelta);
  const joined = useRef(onJoined);
  useEffect(() => {
    handler.current = onDelta;
    joined.current = onJoined;
  });
  useEffect(() => {
    if (!room) return;
    return conn.subscribe(
      room,
      (d) => handler.current(d),
      () => joined.current?.(),
    );
  }, [conn, room]);
}

const SERVER_STATE: LiveState = { status: 'connecting', lastUpdateAt: null, refusedRooms: [] };

/** The connection's state, for the live indicator. */
export function useLiveState(): LiveState {
  const conn = useLiveConnection();
  return useSyncExternalStore(conn.subscribeState, conn.getState, () => SERVER_STATE);
}
