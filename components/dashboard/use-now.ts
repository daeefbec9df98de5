'use client';

import { useEffect, useState } from 'react';

/** The clock, ticking every `ms`: for "offline 3 min" and windows that move with time. */
export function useNow(ms = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
