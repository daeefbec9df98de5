'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatHourMinute, formatMoney } from '@/components/format/format';
import type { SeriesAnswer } from '@/lib/kpis/kpi-answers';

/**
 * Net sales per minute (bars), in the browser's local time, with the window's total. The
 * exact values are also in the element's data (for the end-to-end test that compares them
 * with the API); the bars themselves have no text alternative yet.
 */
export function SalesPerMinuteChart({ series }: { series: SeriesAnswer }) {
  const data = series.points.map((p) => ({ t: Date.parse(p.minute), net: p.netSales / 100, cents: p.netSales }));
  const total = series.points.reduce((n, p) => n + p.netSales, 0);
  return (
    <figure className="chart" data-testid="per-minute-chart" data-points={JSON.stringify(series.points.map((p) => [p.minute, p.netSales]))}>
      <div className="chart-total">
        <span className="muted small">total in the window</span> <strong data-testid="per-minute-total">{formatMoney(total, series.currency)}</strong>
      </div>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={(t: number) => formatHourMinute(t)} minTickGap={24} stroke="var(--muted)" fontSize={11} />
          <YAxis tickFormatter={(v: number) => formatMoney(v * 100, series.currency, { compact: true })} stroke="var(--muted)" fontSize={11} width={64} />
          <Tooltip
            labelFormatter={(t) => `minute from ${formatHourMinute(Number(t))}`}
            formatter={(_v, _n, item) => [formatMoney((item.payload as { cents: number }).cents, series.currency), 'net sales']}
            contentStyle={{ background: 'var(--card)', border: '1px solid var(--line)' }}
          />
          <Bar dataKey="net" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        Net sales per minute, {formatHourMinute(series.from)}–{formatHourMinute(series.to)} (your local time), till and web as filtered.
      </figcaption>
    </figure>
  );
}
