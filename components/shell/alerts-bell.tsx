'use client';

import Link from 'next/link';
import { bellLabel } from '@/components/alerts/alert-count';
import { useOpenAlerts } from '@/components/alerts/use-open-alerts';

/**
 * The bell of the top bar (every signed-in page, every role): how many open alerts the user
 * may see, live; red when one of them is critical. Leads to the alerts center.
 */
export function AlertsBell() {
  const { summary, isError } = useOpenAlerts();
  const critical = (summary?.critical ?? 0) > 0;
  const label = isError && !summary ? 'Alerts: count unavailable' : bellLabel(summary);
  const classes = ['alerts-bell', summary && summary.open > 0 ? 'alerts-bell-open' : '', critical ? 'alerts-bell-critical' : ''].filter(Boolean).join(' ');
  return (
    <Link href="/alerts" className={classes} aria-label={label} title={label} data-testid="alerts-bell" data-count={summary?.open ?? ''} data-critical={critical ? 'true' : 'false'}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span className="alerts-bell-count" aria-hidden="true">
        {summary ? summary.open : '·'}
      </span>
    </Link>
  );
}
