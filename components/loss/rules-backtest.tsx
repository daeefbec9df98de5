'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { Card } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatCount, formatDateTime, formatDuration } from '@/components/format/format';
import type { Rule } from '@/lib/loss/rules/rule-schema';
import { useBacktest } from './rules-data';

/** YYYY-MM-DD of a date in the browser's timezone. */
function dayOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function addDays(day: string, n: number): Date {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + n);
  return d;
}

const DRAFT = '__draft__';
const took = (ms: number) => (ms < 1000 ? `${ms} ms` : formatDuration(ms));

/** Run one rule (stored, or the JSON being edited) over a period of history: hits, by cashier and store, example evidence. */
export function RulesBacktest({ rules, draft }: { rules: Rule[]; draft: { ruleId: string; text: string } | null }) {
  const id = useId();
  const today = dayOf(new Date());
  const [choice, setChoice] = useState<string>('');
  const [from, setFrom] = useState(() => dayOf(addDays(today, -6)));
  const [to, setTo] = useState(today);
  const [inputError, setInputError] = useState<string | null>(null);
  const backtest = useBacktest();
  const ruleId = choice || rules[0]?.id || '';

  function run() {
    if (!from || !to || to < from) {
      setInputError('Choose a period: the last day must not be before the first.');
      return;
    }
    const period = { from: new Date(`${from}T00:00:00`).toISOString(), to: addDays(to, 1).toISOString() };
    if (ruleId === DRAFT && draft) {
      let rule: unknown;
      try {
        rule = JSON.parse(draft.text);
      } catch (e) {
        setInputError(`The rule being edited is not JSON: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      setInputError(null);
      backtest.mutate({ rule, ...period });
    } else {
      setInputError(null);
      backtest.mutate({ ruleId, ...period });
    }
  }

  const r = backtest.data;
  return (
    <Card title="Backtest" window="a rule over history" testId="rules-backtest">
      <form
        className="filter-bar"
        aria-label="Backtest"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label htmlFor={`${id}-rule`}>
          Rule
          <select id={`${id}-rule`} value={ruleId} onChange={(e) => setChoice(e.target.value)} data-testid="backtest-rule">
            {rules.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} (v{x.version})
              </option>
            ))}
            {draft && <option value={DRAFT}>The JSON being edited ({draft.ruleId})</option>}
          </select>
        </label>
        <label htmlFor={`${id}-from`}>
          From
          <input id={`${id}-from`} type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} data-testid="backtest-from" />
        </label>
        <label htmlFor={`${id}-to`}>
          To
          <input id={`${id}-to`} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="backtest-to" />
        </label>
        <button type="submit" className="button primary" disabled={backtest.isPending || !ruleId} data-testid="backtest-run">
          {backtest.isPending ? 'Running…' : 'Run backtest'}
        </button>
      </form>
      {inputError && (
        <p className="error" role="alert">
          {inputError}
        </p>
      )}
      {backtest.error && (
        <p className="error" role="alert" data-testid="backtest-error">
          {explainError(backtest.error, 'the backtest')}
        </p>
      )}
      {backtest.isPending && <p className="muted">Reading the period’s events from history and running the rule…</p>}
      {r && !backtest.isPending && (
        <div data-testid="backtest-result">
          <p>
            <strong data-testid="backtest-hits">{formatCount(r.hits)}</strong> {r.hits === 1 ? 'hit' : 'hits'} of <em>{r.rule.name}</em> over {formatCount(r.events)} events from {formatDateTime(r.period.from)} to {formatDateTime(r.period.to)} · took{' '}
            <span data-testid="backtest-took">{took(r.tookMs)}</span>
          </p>
          {r.hits === 0 ? (
            <p className="muted" data-testid="backtest-no-hits">
              No hits: the rule matched nothing in this period.
            </p>
          ) : (
            <div className="rules-grid">
              <table className="data-table loss-table" data-testid="backtest-by-cashier">
                <caption>Hits per cashier</caption>
                <thead>
                  <tr>
                    <th>Cashier</th>
                    <th>Store</th>
                    <th className="num">Hits</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byCashier.map((c) => (
                    <tr key={`${c.storeId}-${c.cashierId}`}>
                      <td>{c.cashierId ? <Link href={`/loss/cashiers/${encodeURIComponent(c.cashierId)}?store=${encodeURIComponent(c.storeId)}`}>{c.cashierId}</Link> : '–'}</td>
                      <td>{c.storeId}</td>
                      <td className="num">{formatCount(c.hits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="data-table loss-table" data-testid="backtest-by-store">
                <caption>Hits per store</caption>
                <thead>
                  <tr>
                    <th>Store</th>
                    <th className="num">Hits</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byStore.map((s) => (
                    <tr key={s.storeId}>
                      <td>{s.storeId}</td>
                      <td className="num">{formatCount(s.hits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {r.examples.length > 0 && (
            <>
              <h3 className="rules-sub">Example evidence (first {r.examples.length})</h3>
              <ol className="rules-examples" data-testid="backtest-examples">
                {r.examples.map((a) => (
                  <li key={a.id}>
                    <span className="muted small">
                      {a.subject.storeId} · till {a.subject.tillId} · cashier {a.subject.cashierId || '–'}
                    </span>
                    <table className="data-table loss-table">
                      <tbody>
                        {a.evidence.events.map((e) => (
                          <tr key={e.id}>
                            <td>{formatDateTime(e.occurredAt)}</td>
                            <td>{e.type}</td>
                            <td>{e.receiptId ? <Link href={`/loss/receipts/${encodeURIComponent(e.receiptId)}?store=${encodeURIComponent(e.storeId)}`}>{e.receiptId}</Link> : '–'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
