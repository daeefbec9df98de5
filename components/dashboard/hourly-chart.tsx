'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '@/components/format/format';
import type { PerHourAnswer } from '@/lib/kpis/dashboard-answers';

/** Today's net sales by local hour (bars) against the same weekday last week (line). */
export function HourlyChart({ answer }: { answer: PerHourAnswer }) {
  const data = answer.hours.map((h) => ({ hour: h.hour, today: h.today === null ? null : h.today.netSales / 100, lastWeek: h.lastWeek.netSales / 100 }));
  const money = (v: number) => formatMoney(Math.round(v * 100), answer.currency);
  return (
    <figure className="chart" data-testid="hourly-chart" data-hours={JSON.stringify(answer.hours.map((h) => [h.hour, h.today?.netSales ?? null, h.lastWeek.netSales]))}>
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" vertical={false} />
          <XAxis dataKey="hour" tickFormatter={(h: number) => `${String(h).padStart(2, '0')}h`} stroke="var(--muted)" fontSize={11} />
          <YAxis tickFormatter={(v: number) => formatMoney(v * 100, answer.currency, { compact: true })} stroke="var(--muted)" fontSize={11} width={64} />
          <Tooltip
            labelFormatter={(h) => `${String(h).padStart(2, '0')}:00–${String(Number(h) + 1).padStart(2, '0')}:00`}
            formatter={(v, name) => [typeof v === 'number' ? money(v) : '–', name === 'today' ? 'today' : answer.lastWeek.label]}
            contentStyle={{ background: 'var(--card)', border: '1px solid var(--line)' }}
          />
          <Legend formatter={(name) => (name === 'today' ? 'Today' : 'Same weekday last week')} />
          <Bar dataKey="today" fill="var(--accent)" isAnimationActive={false} />
          <Line dataKey="lastWeek" stroke="var(--muted)" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Net sales per hour of the store’s local day ({answer.days.map((d) => `${d.day}, ${d.timezone}`).join('; ')}) against {answer.lastWeek.label}.</figcaption>
    </figure>
  );
}
