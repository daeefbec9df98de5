'use client';

import { formatClock } from '@/components/format/format';
import { useLiveState } from './use-live-room';

const LABEL = { connecting: 'Connecting…', live: 'Live', paused: 'Paused (tab hidden)', reconnecting: 'Reconnecting…', refused: 'Signed out: reload' } as const;

/** Live, paused, reconnecting: and when the last update was applied. */
export function LiveIndicator() {
  const { status, lastUpdateAt, refusedRooms } = useLiveState();
  return (
    <span className={`live-indicator live-${status}`} data-testid="live-indicator" data-status={status} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {LABEL[status]}
      <span className="muted small" data-testid="live-updated">
        {lastUpdateAt ? ` · updated ${formatClock(lastUpdateAt)}` : ' · waiting for the first update'}
      </span>
      {refusedRooms.length > 0 && <span className="error small"> · not allowed: {refusedRooms.join(', ')}</span>}
    </span>
  );
}
