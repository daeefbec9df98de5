'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createLiveConnection, type LiveConnection } from './live-connection';
import { LIVE_QUERY_ROOT } from './live-query-keys';

const LiveContext = createContext<LiveConnection | null>(null);

/**
 * The live connection of a signed-in page (components/shell/app-shell.tsx wraps every page in
 * it). It reloads every live snapshot (queries under `['live', …]`) after a reconnection and
 * when a hidden tab is shown, follows the tab's visibility, and re-renders the page on the
 * server when the user's role or stores change (a page no longer allowed turns "not allowed").
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const router = useRouter();
  const [conn] = useState(() => createLiveConnection());
  useEffect(() => {
    const onVisibility = () => conn.setVisible(!document.hidden);
    document.addEventListener('visibilitychange', onVisibility);
    const offResync = conn.onResync(() => void qc.invalidateQueries({ queryKey: [LIVE_QUERY_ROOT] }));
    const offSession = conn.onSessionChanged(() => {
      router.refresh();
      void qc.invalidateQueries({ queryKey: [LIVE_QUERY_ROOT] });
    });
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      offResync();
      offSession();
    };
  }, [conn, qc, router]);
  useEffect(() => () => conn.close(), [conn]);
  return <LiveContext.Provider value={conn}>{children}</LiveContext.Provider>;
}

export function useLiveConnection(): LiveConnection {
  const conn = useContext(LiveContext);
  if (!conn) throw new Error('useLiveConnection: wrap the page in <LiveProvider> (the app shell does)');
  return conn;
}
