'use client';

import { formatClock } from '@/components/format/format';
import type { StoreActivity } from '@/lib/stores/activity-answers';
import { FreshnessBadge } from './freshness-badge';

/** Every till of the store: freshness, its last event, who is signed in, whether a shift is open. */
export function TillsTable({ activity, now }: { activity: StoreActivity; now: number }) {
  if (activity.tills.length === 0) return <p className="muted">The store’s master data lists no tills, and none has sent events.</p>;
  const tz = activity.timezone;
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="tills">
        <thead>
          <tr>
            <th>Till</th>
            <th>Status</th>
            <th>Last event</th>
            <th>Signed in</th>
            <th>Shift</th>
          </tr>
        </thead>
        <tbody>
          {activity.tills.map((t) => (
            <tr key={t.tillId} data-testid={`till-${t.tillId}`}>
              <td>
                {t.tillId}
                {!t.inMasterData && <span className="muted small"> (not in master data)</span>}
              </td>
              <td>
                <FreshnessBadge freshness={t} readAt={Date.parse(activity.generatedAt)} now={now} />
              </td>
              <td>
                {t.lastEventAt ? formatClock(t.lastEventAt, tz) : '–'}
                {t.lastEventType && <span className="muted small"> · {t.lastEventType}</span>}
              </td>
              <td>{t.cashierId ? `${t.cashierId}${t.signedInAt ? ` since ${formatClock(t.signedInAt, tz)}` : ''}` : <span className="muted">nobody</span>}</td>
              <td>{t.shiftOpen && t.shift ? `open since ${formatClock(t.shift.openedAt, tz)} (${t.shift.cashierId})` : <span className="muted">closed</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
