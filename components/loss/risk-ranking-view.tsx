'use client';

import Link from 'next/link';
import { useId, useMemo, useState } from 'react';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { useStores } from '@/components/data/use-stores';
import { formatCount, formatMoney, formatRatio } from '@/components/format/format';
import { csvLine } from '@/lib/loss/csv';
import type { RankedCashier, RiskAnswer, RiskDriverAnswer } from '@/lib/loss/risk-answers';
import { periodLabel, writeLossFilters } from './loss-filters';
import { metricLabel } from './loss-labels';
import { PeriodFilter } from './period-filter';
import { useRiskRanking } from './use-loss-queries';
import { useLossUrl } from './use-loss-url';

type SortKey = 'rank' | 'score' | 'receipts' | 'store' | 'cashier';

/**
 * The loss-prevention landing page: every cashier of the scope ranked by risk score against
 * peers of the same store and kind of till (GET /api/v1/loss/risk), the drivers of each score
 * beside it, each linking to the cashier's page; region, store and period in the URL; CSV.
 */
export function RiskRankingView() {
  const { filters, problems, change } = useLossUrl();
  const stores = useStores();
  const risk = useRiskRanking(filters);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const window = periodLabel(filters);
  const scopeLabel = filters.storeId ? `store ${filters.storeId}` : filters.region ? `region ${filters.region}` : 'whole chain';
  const rows = useMemo(() => sorted(risk.data?.cashiers ?? [], sort), [risk.data, sort]);
  const id = useId();
  const storeList = stores.data?.stores ?? [];
  const regions = [...new Set(storeList.map((s) => s.region))].sort();
  const currencyOf = (storeId: string) => storeList.find((s) => s.storeId === storeId)?.currency ?? null;

  return (
    <div className="dashboard" data-testid="loss-page">
      <div className="dash-head">
        <div>
          <h1>Loss prevention</h1>
          <p className="muted small">
            Cashiers ranked by risk score against peers of their store and kind of till · {scopeLabel} · {window}
          </p>
        </div>
        <Link href="/loss/rules" className="button loss-small" data-testid="rules-link">
          Rules and backtest
        </Link>
      </div>
      <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()} data-testid="loss-filters">
        <label htmlFor={`${id}-region`}>
          Region
          <select id={`${id}-region`} value={filters.region ?? ''} onChange={(e) => change({ region: e.target.value || undefined, storeId: undefined })}>
            <option value="">All regions</option>
            {regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-store`}>
          Store
          <select id={`${id}-store`} value={filters.storeId ?? ''} onChange={(e) => change({ storeId: e.target.value || undefined })}>
            <option value="">{filters.region ? `All of ${filters.region}` : 'All stores'}</option>
            {storeList
              .filter((s) => !filters.region || s.region === filters.region)
              .map((s) => (
                <option key={s.storeId} value={s.storeId}>
                  {s.storeId} · {s.name}
                </option>
              ))}
          </select>
        </label>
        <PeriodFilter filters={filters} onChange={change} />
      </form>
      {problems.length > 0 && (
        <p className="error" role="alert">
          {problems.join('; ')}
        </p>
      )}
      <Card
        title="Risk ranking"
        window={`${scopeLabel}, ${window}`}
        testId="risk-ranking"
        actions={
          risk.data && risk.data.cashiers.length > 0 ? (
            <a className="button loss-small" href={csvHref(risk.data)} download={`risk-${filters.storeId ?? filters.region ?? 'chain'}-${risk.data.period.from}_${risk.data.period.to}.csv`} data-testid="risk-csv">
              Download CSV
            </a>
          ) : undefined
        }
      >
        <PanelState
          pending={risk.isPending}
          error={risk.error ? explainError(risk.error, 'the risk ranking') : null}
          empty={risk.data && risk.data.cashiers.length === 0 ? `No cashier of the ${scopeLabel} has receipts or exceptions ${window === 'today' ? 'today' : `in ${window}`} yet: nothing to rank.` : null}
        >
          {risk.data && (
            <>
              <p className="muted small loss-note">
                {formatCount(risk.data.scored)} of {formatCount(risk.data.total)} cashiers scored (at least 10 receipts and a peer to compare with) · weights version{' '}
                {risk.data.weights.version} · source {risk.data.source} · score = Σ weight × spreads worse than the peers’ median
              </p>
              <div className="table-wrap">
                <table className="data-table loss-table" data-testid="risk-table">
                  <thead>
                    <tr>
                      <SortTh label="Rank" k="rank" sort={sort} setSort={setSort} num />
                      <SortTh label="Cashier" k="cashier" sort={sort} setSort={setSort} />
                      <SortTh label="Store" k="store" sort={sort} setSort={setSort} />
                      <th>Till kind</th>
                      <SortTh label="Receipts" k="receipts" sort={sort} setSort={setSort} num />
                      <th className="num">Peers</th>
                      <SortTh label="Score" k="score" sort={sort} setSort={setSort} num />
                      <th>Drivers (rate vs peers’ median)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((c) => (
                      <tr key={`${c.storeId}/${c.cashierId}`} data-testid={`risk-row-${c.cashierId}`}>
                        <td className="num">
                          {c.rank ?? '–'}
                          {c.storeRank !== null && <span className="muted small"> · #{c.storeRank} in store</span>}
                        </td>
                        <td>
                          <Link href={`/loss/cashiers/${encodeURIComponent(c.cashierId)}${writeLossFilters({ storeId: c.storeId, from: filters.from, to: filters.to, exceptionsOnly: false })}`}>{c.cashierId}</Link>
                        </td>
                        <td>{c.storeId}</td>
                        <td>{c.tillKind === 'sco' ? 'self-checkout' : 'staffed'}</td>
                        <td className="num">{formatCount(c.receipts)}</td>
                        <td className="num">{formatCount(c.peers)}</td>
                        <td className="num loss-score">{c.score === null ? <span className="muted">not scored</span> : formatRatio(c.score)}</td>
                        <td className="wrap">
                          {c.drivers.length === 0 ? (
                            <span className="muted small">{c.score === null ? 'too few receipts or no peer' : 'none worse than peers'}</span>
                          ) : (
                            <ul className="loss-drivers">
                              {c.drivers.slice(0, 4).map((d) => (
                                <li key={d.metric} title={`weight ${d.weight} × z ${formatRatio(d.z)} = ${formatRatio(d.contribution)}`}>
                                  {driverText(d, currencyOf(c.storeId))}
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </PanelState>
      </Card>
    </div>
  );
}

function SortTh({ label, k, sort, setSort, num }: { label: string; k: SortKey; sort: { key: SortKey; desc: boolean }; setSort: (s: { key: SortKey; desc: boolean }) => void; num?: boolean }) {
  const on = sort.key === k;
  return (
    <th className={num ? 'num' : undefined} aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="loss-sort" onClick={() => setSort({ key: k, desc: on ? !sort.desc : k === 'score' || k === 'receipts' })}>
        {label}
        <span aria-hidden="true">{on ? (sort.desc ? ' ▾' : ' ▴') : ''}</span>
      </button>
    </th>
  );
}

function sorted(rows: RankedCashier[], s: { key: SortKey; desc: boolean }): RankedCashier[] {
  const val = (c: RankedCashier): number | string => {
    if (s.key === 'rank') return c.rank ?? Number.MAX_SAFE_INTEGER;
    if (s.key === 'score') return c.score ?? -Infinity;
    if (s.key === 'receipts') return c.receipts;
    if (s.key === 'store') return `${c.storeId}/${c.cashierId}`;
    return c.cashierId;
  };
  const out = [...rows].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return s.desc ? out.reverse() : out;
}

/** "Post-voids 4.20 vs 0.80 per 100 receipts"; an amount in money per 100 receipts; the average item value in money. */
function driverText(d: RiskDriverAnswer, currency: string | null): string {
  const label = metricLabel(d.metric);
  if (d.kind === 'count') return `${label} ${formatRatio(d.rate)} vs ${formatRatio(d.peerMedian)} /100 rcpt`;
  if (d.kind === 'amount') return `${label} ${formatMoney(Math.round(d.rate), currency)} vs ${formatMoney(Math.round(d.peerMedian), currency)} /100 rcpt`;
  return `${label} ${formatMoney(Math.round(d.rate), currency)} vs ${formatMoney(Math.round(d.peerMedian), currency)}`;
}

/** The ranking as CSV (RFC 4180), built in the browser from the answer on screen. */
function csvHref(a: RiskAnswer): string {
  const head = csvLine(['rank', 'storeRank', 'cashierId', 'storeId', 'tillKind', 'receipts', 'peers', 'score', 'drivers', 'periodFrom', 'periodTo']);
  const body = a.cashiers
    .map((c) =>
      csvLine([
        c.rank,
        c.storeRank,
        c.cashierId,
        c.storeId,
        c.tillKind,
        c.receipts,
        c.peers,
        c.score === null ? null : c.score.toFixed(3),
        c.drivers.map((d) => `${d.metric} z=${d.z.toFixed(2)} rate=${d.rate.toFixed(2)} median=${d.peerMedian.toFixed(2)}`).join('; '),
        a.period.from,
        a.period.to,
      ]),
    )
    .join('');
  return `data:text/csv;charset=utf-8,${encodeURIComponent(head + body)}`;
}

