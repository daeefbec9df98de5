'use client';

import { formatClock } from './format';
import { LIVE_MS } from './use-inventory-queries';

/** "updated 14:05:09" of a live query, and whether it is reading again right now. */
export function UpdatedAt({ at, fetching, testId }: { at: number; fetching: boolean; testId?: string }) {
  if (!at) return null;
  return (
    <span className="inv-updated" data-testid={testId} title={`Read again every ${LIVE_MS / 1000} s while this tab is visible`}>
      <span className={`dot ${fetching ? 'inv-dot-busy' : 'ok'}`} aria-hidden />
      updated {formatClock(at)}
    </span>
  );
}
