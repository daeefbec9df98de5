'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { formatCount, formatMoney, formatRatio } from '@/components/format/format';
import { csvLine } from '@/lib/loss/csv';
import type { RankedCashier, RiskAnswer, RiskDriverAnswer } from '@/lib/loss/risk-answers';
import { writeLossFilters } from './loss-filters';
import { metricLabel } from './loss-labels';

type SortKey = 'rank' | 'score' | 'receipts' | 'hits' | 'store' | 'cashier';

/**
 * The ranking's table: rank (chain and store), cashier (to their page, with the period), store,
 * kind of till, receipts, peers, score and the drivers beside it, and with a rule filter the
 * rule's hits; sortable by its headers.
 */
export function RiskTable({ answer, period, currencyOf }: { answer: RiskAnswer; period: { from?: string; to?: string }; currencyOf: (storeId: string) => string | null }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const rows = useMemo(() => sorted(answer.cashiers, sort), [answer, sort]);
  const ruled = answer.rule !== null;
  return (
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
            {ruled && <SortTh label="Rule hits" k="hits" sort={sort} setSort={setSort} num />}
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
                <Link href={`/loss/cashiers/${encodeURIComponent(c.cashierId)}${writeLossFilters({ storeId: c.storeId, from: period.from, to: period.to, exceptionsOnly: false })}`}>{c.cashierId}</Link>
              </td>
              <td>{c.storeId}</td>
              <td>{c.tillKind === 'sco' ? 'self-checkout' : 'staffed'}</td>
              <td className="num">{formatCount(c.receipts)}</td>
              <td className="num">{formatCount(c.peers)}</td>
              <td className="num loss-score">{c.score === null ? <span className="muted">not scored</span> : formatRatio(c.score)}</td>
              {ruled && <td className="num">{formatCount(c.ruleHits ?? 0)}</td>}
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
  );
}

function SortTh({ label, k, sort, setSort, num }: { label: string; k: SortKey; sort: { key: SortKey; desc: boolean }; setSort: (s: { key: SortKey; desc: boolean }) => void; num?: boolean }) {
  const on = sort.key === k;
  return (
    <th className={num ? 'num' : undefined} aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="loss-sort" onClick={() => setSort({ key: k, desc: on ? !sort.desc : k === 'score' || k === 'receipts' || k === 'hits' })}>
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
    if (s.key === 'hits') return c.ruleHits ?? 0;
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

/** The ranking as CSV (RFC 4180), built in the browser from the answer on screen (with a rule filter: its hits too). */
export function csvHref(a: RiskAnswer): string {
  const head = csvLine(['rank', 'storeRank', 'cashierId', 'storeId', 'tillKind', 'receipts', 'peers', 'score', 'drivers', 'periodFrom', 'periodTo', ...(a.rule ? ['rule', 'ruleHits'] : [])]);
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
        ...(a.rule ? [a.rule.ruleId, c.ruleHits ?? 0] : []),
      ]),
    )
    .join('');
  return `data:text/csv;charset=utf-8,${encodeURIComponent(head + body)}`;
}

