'use client';

import { useEffect, useState } from 'react';
import { onServerClockChange, serverNow } from '@/components/data/server-clock';

/** The server's clock (components/data/server-clock.ts), ticking every `ms`: for "offline 3 min" and windows that move with time. */
export function useNow(ms = 5000): number {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    const tick = () => setNow(serverNow());
    const t = setInterval(tick, ms);
    // A skewed browser learns the server's clock from the first answer: at once, not at the next tick.
    const off = onServerClockChange(tick);
    return () => {
      clearInterval(t);
      off();
    };
  }, [ms]);
  return now;
}
