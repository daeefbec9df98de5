'use client';

import { formatClock, formatCount, formatDuration, formatMoney, formatRatio } from '@/components/format/format';
import type { CashierActivity, StoreActivity } from '@/lib/stores/activity-answers';

/** Cashiers on shift (and, below, those who worked today and left): receipts, items and their pace. */
export function CashiersTable({ activity }: { activity: StoreActivity }) {
  if (activity.onShift.length === 0 && activity.offShift.length === 0) return <p className="muted">No cashier has opened a shift or signed in today.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="cashiers">
        <thead>
          <tr>
            <th>Cashier</th>
            <th>Till</th>
            <th>On shift</th>
            <th className="num">Receipts</th>
            <th className="num">Items</th>
            <th className="num">Net sales</th>
            <th className="num">Receipts / h</th>
            <th className="num">Items / min</th>
          </tr>
        </thead>
        <tbody>
          {activity.onShift.map((c) => (
            <Row key={`on-${c.cashierId}`} c={c} activity={activity} />
          ))}
          {activity.offShift.length > 0 && (
            <tr className="subhead">
              <td colSpan={8}>Off shift now (worked today)</td>
            </tr>
          )}
          {activity.offShift.map((c) => (
            <Row key={`off-${c.cashierId}`} c={c} activity={activity} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ c, activity }: { c: CashierActivity; activity: StoreActivity }) {
  const tz = activity.timezone;
  return (
    <tr data-testid={`cashier-${c.cashierId}`}>
      <td>{c.cashierId}</td>
      <td>{c.tillId ?? '–'}</td>
      <td>
        {c.shiftStart ? `${formatClock(c.shiftStart, tz)}${c.shiftEnd ? `–${formatClock(c.shiftEnd, tz)}` : ''}` : '–'}
        <span className="muted small"> · {formatDuration(c.minutesOnShift * 60_000)}</span>
      </td>
      <td className="num">{formatCount(c.receipts)}</td>
      <td className="num">{formatCount(c.items)}</td>
      <td className="num">{formatMoney(c.netSales, activity.currency)}</td>
      <td className="num">{formatRatio(c.receiptsPerHour)}</td>
      <td className="num">{formatRatio(c.itemsPerMinute)}</td>
    </tr>
  );
}
