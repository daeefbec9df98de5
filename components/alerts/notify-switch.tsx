'use client';

import { useState } from 'react';
import { useCriticalNotify } from './alert-notifications';

/** "Notify me of new critical alerts": a switch; the browser asks for permission the first time. */
export function NotifySwitch() {
  const { state, set } = useCriticalNotify();
  const [busy, setBusy] = useState(false);
  const on = state === 'on';
  const note = state === 'blocked' ? 'blocked in this browser’s site settings' : state === 'unsupported' ? 'this browser cannot show notifications' : null;
  return (
    <span className="alerts-notify">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        className={`alerts-switch${on ? ' on' : ''}`}
        disabled={busy || state === 'blocked' || state === 'unsupported'}
        data-testid="alerts-notify"
        onClick={async () => {
          setBusy(true);
          try {
            await set(!on);
          } finally {
            setBusy(false);
          }
        }}
      >
        <span className="alerts-switch-knob" aria-hidden="true" />
        Notify me of new critical alerts
      </button>
      {note && <span className="muted small"> ({note})</span>}
    </span>
  );
}
