'use client';

import Link from 'next/link';
import { useId, useMemo, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatCount, formatDateTime, formatMoney, formatRatio } from '@/components/format/format';
import type { CashierExceptionsAnswer, ExceptionsAnswer } from '@/lib/loss/exception-answers';
import type { CountMetric } from '@/lib/loss/exception-metrics';
import { RECEIPT_FLAGS, type CashierReceiptRow } from '@/lib/loss/journal-answers';
import { periodLabel, writeLossFilters } from './loss-filters';
import { CHART_METRICS, COUNT_LABELS, median } from './loss-labels';
import { PeriodFilter } from './period-filter';
import { receiptsQuery, useCashierExceptions, useCashierReceipts, useStoreCashierExceptions } from './use-loss-queries';
import { useLossUrl } from './use-loss-url';

/**
 * One cashier for the loss-prevention analyst: exceptions per store-local day against the
 * store's per-cashier median over the same period (rates per 100 receipts), then their receipts
 * (newest first, "with exceptions only" in the URL), each linking to its journal; CSV download.
 */
export function CashierView({ cashierId }: { cashierId: string }) {
  const { filters, problems, change } = useLossUrl();
  const exceptions = useCashierExceptions(cashierId, filters);
  const buckets = exceptions.data?.buckets ?? [];
  const storeId = filters.storeId ?? buckets[buckets.length - 1]?.storeId ?? null;
  const peers = useStoreCashierExceptions(storeId, filters);
  const receipts = useCashierReceipts(cashierId, { ...filters, storeId: storeId ?? undefined });
  const window = periodLabel(filters);
  const [metric, setMetric] = useState<CountMetric>('lineVoids');
  // The checkbox answers at once; the URL (and the list) follow. Only while the URL still holds the value it was changed from.
  const [onlyPending, setOnlyPending] = useState<{ value: boolean; from: boolean } | null>(null);
  const onlyShown = onlyPending && onlyPending.from === filters.exceptionsOnly ? onlyPending.value : filters.exceptionsOnly;
  const id = useId();
  const peerMedians = useMemo(() => mediansOf(peers.data, cashierId), [peers.data, cashierId]);
  const rows = receipts.data?.pages.flatMap((p) => p.receipts) ?? [];
  const first = receipts.data?.pages[0];
  const currency = peers.data?.currency ?? first?.currency ?? null;
  const tz = first?.timezone;
  const csvHref = `/api/v1/loss/cashiers/${encodeURIComponent(cashierId)}/receipts${receiptsQuery({ ...filters, storeId }, { format: 'csv' })}`;

  return (
    <div className="dashboard" data-testid="loss-cashier-page">
      <div className="dash-head">
        <div>
          <p className="small loss-crumbs">
            <Link href={`/loss${writeLossFilters({ storeId: filters.storeId, from: filters.from, to: filters.to, exceptionsOnly: false })}`}>← Loss prevention</Link>
          </p>
          <h1>
            Cashier {cashierId} <span className="muted">{storeId ? `at ${storeId}` : ''}</span>
          </h1>
          <p className="muted small">
            Exceptions per 100 receipts against the store’s cashiers · {window}
            {first ? ` · days in ${first.timezone}` : ''}
          </p>
        </div>
      </div>
      <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()} data-testid="cashier-filters">
        <PeriodFilter filters={filters} onChange={change} />
      </form>
      {problems.length > 0 && (
        <p className="error" role="alert">
          {problems.join('; ')}
        </p>
      )}
      <div className="grid">
        <Card
          title={`${COUNT_LABELS[metric]} per 100 receipts, by day`}
          window={window}
          testId="cashier-chart"
          className="span-2"
          actions={
            <label htmlFor={`${id}-metric`} className="loss-inline-label">
              <span className="admin-sr-only">Exception shown</span>
              <select id={`${id}-metric`} className="inv-input loss-select" value={metric} onChange={(e) => setMetric(e.target.value as CountMetric)}>
                {CHART_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {COUNT_LABELS[m]}
                  </option>
                ))}
              </select>
            </label>
          }
        >
          <PanelState
            pending={exceptions.isPending}
            error={exceptions.error ? explainError(exceptions.error, `the exceptions of ${cashierId}`) : null}
            empty={exceptions.data && buckets.length === 0 ? `No receipt or exception of ${cashierId} ${window === 'today' ? 'today' : `in ${window}`}: nothing to chart.` : null}
          >
            {exceptions.data && <DayChart answer={exceptions.data} metric={metric} peerMedian={peerMedians.get(metric) ?? null} storeId={storeId} window={window} />}
          </PanelState>
        </Card>
        <Card title="Against peers" window={`${window}, per 100 receipts`} testId="cashier-peers" className="loss-wide-tablet">
          <PanelState pending={exceptions.isPending} error={exceptions.error ? explainError(exceptions.error, `the exceptions of ${cashierId}`) : null}>
            {exceptions.data && (
              <>
                <div className="table-wrap">
                  <table className="data-table" data-testid="peer-table">
                    <thead>
                      <tr>
                        <th>Exception</th>
                        <th className="num">Count</th>
                        <th className="num">Rate</th>
                        <th className="num" title="the store’s per-cashier median rate">Median</th>
                      </tr>
                    </thead>
                    <tbody>
                      {CHART_METRICS.map((m) => {
                        const rate = exceptions.data.total.rates[m];
                        const med = peerMedians.get(m) ?? null;
                        const high = rate !== null && med !== null && rate > Math.max(med * 2, med + 0.5);
                        return (
                          <tr key={m} className={high ? 'loss-high' : undefined}>
                            <td>{COUNT_LABELS[m]}</td>
                            <td className="num">{formatCount(exceptions.data.total.metrics[m])}</td>
                            <td className="num">{formatRatio(rate)}</td>
                            <td className="num">{peers.isPending ? '…' : formatRatio(med)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <p className="muted small loss-note">
                  {formatCount(exceptions.data.total.metrics.receipts)} receipts · avg item value {formatMoney(exceptions.data.total.avgItemValue === null ? null : Math.round(exceptions.data.total.avgItemValue), currency)}
                  {peers.error ? ` · peers not loaded: ${explainError(peers.error, 'the store’s cashiers')}` : storeId ? ` · median of ${peerCount(peers.data, cashierId)} other cashiers of ${storeId}` : ' · no store known for peers'}
                </p>
              </>
            )}
          </PanelState>
        </Card>
        <Card
          title="Receipts"
          window={`${window}, newest first`}
          testId="cashier-receipts"
          className="span-3"
          actions={
            <div className="loss-actions">
              <label className="loss-check">
                <input
                  type="checkbox"
                  checked={onlyShown}
                  onChange={(e) => {
                    setOnlyPending({ value: e.target.checked, from: filters.exceptionsOnly });
                    change({ exceptionsOnly: e.target.checked });
                  }}
                  data-testid="exceptions-only"
                />
                With exceptions only
              </label>
              <a className="button loss-small" href={csvHref} download data-testid="receipts-csv">
                Download CSV
              </a>
            </div>
          }
        >
          <PanelState
            pending={receipts.isPending}
            error={receipts.error ? explainError(receipts.error, `the receipts of ${cashierId}`) : null}
            empty={
              receipts.data && rows.length === 0
                ? `No receipt${filters.exceptionsOnly ? ' with an exception' : ''} of ${cashierId} ${window === 'today' ? 'today' : `in ${window}`} in history${storeId ? ` (days of ${storeId})` : ''}.`
                : null
            }
          >
            <div className="table-wrap">
              <table className="data-table loss-table" data-testid="receipts-table">
                <thead>
                  <tr>
                    <th>Started</th>
                    <th>Receipt</th>
                    <th>Till</th>
                    <th>Status</th>
                    <th className="num">Total</th>
                    <th className="num">Items</th>
                    <th className="num">Lines</th>
                    <th>Exceptions</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <ReceiptRow key={`${r.storeId}/${r.receiptId}`} r={r} currency={currency} tz={tz} />
                  ))}
                </tbody>
              </table>
            </div>
            {receipts.hasNextPage && (
              <p>
                <button type="button" className="button" onClick={() => void receipts.fetchNextPage()} disabled={receipts.isFetchingNextPage}>
                  {receipts.isFetchingNextPage ? 'Loading…' : 'Show more receipts'}
                </button>
              </p>
            )}
          </PanelState>
        </Card>
      </div>
    </div>
  );
}

function ReceiptRow({ r, currency, tz }: { r: CashierReceiptRow; currency: string | null; tz?: string }) {
  const flags = RECEIPT_FLAGS.filter((f) => (r.exceptions[f.name] ?? 0) > 0);
  return (
    <tr data-testid={`receipt-${r.receiptId}`} className={flags.some((f) => f.name !== 'approvals') ? 'loss-flagged' : undefined}>
      <td>{formatDateTime(r.startedAt, tz)}</td>
      <td>
        <Link href={`/loss/receipts/${encodeURIComponent(r.receiptId)}?store=${encodeURIComponent(r.storeId)}`}>{r.receiptId}</Link>
      </td>
      <td>{r.tillId}</td>
      <td>
        <span className={`pill loss-status-${r.status}`}>{r.status}</span>
      </td>
      <td className="num">{formatMoney(r.total, currency)}</td>
      <td className="num">{formatCount(r.items)}</td>
      <td className="num">{formatCount(r.lineCount)}</td>
      <td className="wrap">
        {flags.length === 0 ? (
          <span className="muted">–</span>
        ) : (
          flags.map((f) => (
            <span key={f.name} className={`loss-chip${f.name === 'approvals' ? ' loss-chip-approval' : ''}`}>
              {r.exceptions[f.name]! > 1 ? `${r.exceptions[f.name]} ` : ''}
              {f.label}
            </span>
          ))
        )}
      </td>
    </tr>
  );
}

function DayChart({ answer, metric, peerMedian, storeId, window }: { answer: CashierExceptionsAnswer; metric: CountMetric; peerMedian: number | null; storeId: string | null; window: string }) {
  const byDay = new Map<string, { receipts: number; count: number }>();
  for (const b of answer.buckets) {
    const x = byDay.get(b.day) ?? { receipts: 0, count: 0 };
    byDay.set(b.day, { receipts: x.receipts + b.metrics.receipts, count: x.count + b.metrics[metric] });
  }
  const data = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, x]) => ({ day, rate: x.receipts > 0 ? Math.round((x.count * 10_000) / x.receipts) / 100 : null, count: x.count, receipts: x.receipts }));
  return (
    <figure className="chart" data-testid="cashier-day-chart" data-days={JSON.stringify(data.map((d) => [d.day, d.count, d.receipts]))}>
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" vertical={false} />
          <XAxis dataKey="day" stroke="var(--muted)" fontSize={11} />
          <YAxis stroke="var(--muted)" fontSize={11} width={40} allowDecimals />
          <Tooltip
            formatter={(v, _n, item) => {
              const p = (item as { payload?: { count: number; receipts: number } }).payload;
              return [`${typeof v === 'number' ? formatRatio(v) : '–'} per 100 receipts (${p?.count ?? 0} in ${p?.receipts ?? 0} receipts)`, COUNT_LABELS[metric]];
            }}
            contentStyle={{ background: 'var(--card)', border: '1px solid var(--line)' }}
          />
          <Legend formatter={() => `${COUNT_LABELS[metric]} per 100 receipts`} />
          <Bar dataKey="rate" fill="var(--accent)" maxBarSize={56} isAnimationActive={false} />
          {peerMedian !== null && <ReferenceLine y={peerMedian} stroke="var(--down)" strokeDasharray="4 3" label={{ value: `store median ${formatRatio(peerMedian)}`, position: 'insideTopRight', fontSize: 11, fill: 'var(--muted)' }} />}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        {COUNT_LABELS[metric]} per 100 receipts of {answer.cashierId} by store-local day, {window} ({answer.period.from} – {answer.period.to}, source {answer.source}); dashed: the median of {storeId ?? 'the store'}’s cashiers over the same period.
      </figcaption>
    </figure>
  );
}

/** The store's per-cashier median rate of each count, over staffed cashiers with receipts (the self-checkout pseudo-cashier and this one left out). */
function mediansOf(a: ExceptionsAnswer | undefined, cashierId: string): Map<CountMetric, number | null> {
  const out = new Map<CountMetric, number | null>();
  if (!a) return out;
  const others = a.groups.filter((g) => g.cashierId && g.cashierId !== cashierId && !g.cashierId.endsWith('-SCO') && g.metrics.receipts > 0);
  for (const m of CHART_METRICS) out.set(m, median(others.map((g) => g.rates[m]).filter((x): x is number => x !== null)));
  return out;
}

const peerCount = (a: ExceptionsAnswer | undefined, cashierId: string) =>
  a ? a.groups.filter((g) => g.cashierId && g.cashierId !== cashierId && !g.cashierId.endsWith('-SCO') && g.metrics.receipts > 0).length : 0;
