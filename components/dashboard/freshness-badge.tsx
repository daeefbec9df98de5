import { formatDuration } from '@/components/format/format';
import { ageFreshness, type Freshness } from '@/lib/kpis/store-status';

/**
 * A store's or till's freshness as docs/kpis.md defines it: online, lagging N s (its newest
 * event arrived late), offline N min (nothing for 5 minutes), and the events it never sent
 * (sequence gaps). Aged from when it was read to `now`, so a silent store turns offline
 * without a reload.
 */
export function FreshnessBadge({ freshness, readAt, now, testId }: { freshness: Freshness; readAt: number; now: number; testId?: string }) {
  const f = ageFreshness(freshness, readAt, now);
  const text =
    f.status === 'online'
      ? 'online'
      : f.status === 'lagging'
        ? `lagging ${formatDuration(f.lagMs)}`
        : f.silentForMs === null
          ? 'offline: never heard from'
          : `offline ${formatDuration(f.silentForMs)}`;
  return (
    <span className="freshness" data-testid={testId} data-status={f.status}>
      <span className={`pill pill-${f.status}`}>{text}</span>
      {f.missing > 0 && (
        <span className="pill pill-gap" title="events never received (sequence gaps)">
          {formatDurationless(f.missing)} missing
        </span>
      )}
    </span>
  );
}

const formatDurationless = (n: number) => n.toLocaleString('en-GB');
