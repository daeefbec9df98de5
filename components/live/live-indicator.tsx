'use client';

import { formatClock } from '@/components/format/format';
import type { LiveState } from './live-connection';
import { useLiveState } from './use-live-room';

const LABEL = { connecting: 'Connecting…', live: 'Live', paused: 'Paused (tab hidden)', reconnecting: 'Reconnecting…', refused: 'Signed out: reload' } as const;

/** Live, paused, reconnecting: and when the last update was applied. */
export function LiveIndicator() {
  return <LiveIndicatorView state={useLiveState()} />;
}

/**
 * The indicator for a state. Only the status is a live region (announced when it changes);
 * the time of the last update changes with every delta, several times a second, and would
 * keep a screen reader talking: it is read when the user gets to it, not announced.
 */
export function LiveIndicatorView({ state: { status, lastUpdateAt, refusedRooms } }: { state: LiveState }) {
  return (
    <span className={`live-indicator live-${status}`} data-testid="live-indicator" data-status={status}>
      <span className="live-dot" aria-hidden="true" />
      <span role="status">{LABEL[status]}</span>
      <span className="muted small" data-testid="live-updated">
        {lastUpdateAt ? ` · updated ${formatClock(lastUpdateAt)}` : ' · waiting for the first update'}
      </span>
      {refusedRooms.length > 0 && (
        <span className="error small" role="alert">
          {' '}
          · not allowed: {refusedRooms.join(', ')}
        </span>
      )}
    </span>
  );
}
