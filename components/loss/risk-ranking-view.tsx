'use client';

import Link from 'next/link';
import { useId } from 'react';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { useStores } from '@/components/data/use-stores';
import { LiveIndicator } from '@/components/live/live-indicator';
import { ScopeSelects } from '@/components/dashboard/scope-selects';
import { formatCount } from '@/components/format/format';
import type { RiskAnswer } from '@/lib/loss/risk-answers';
import { LossAlertsPanel } from './loss-alerts-panel';
import { periodLabel } from './loss-filters';
import { PeriodFilter } from './period-filter';
import { csvHref, RiskTable } from './risk-table';
import { useRules } from './rules-data';
import { useRiskRanking } from './use-loss-queries';
import { useLossUrl } from './use-loss-url';

/**
 * The loss-prevention landing page: every cashier of the scope ranked by risk score against
 * peers of the same store and kind of till (GET /api/v1/loss/risk), the drivers of each score
 * beside it, each linking to the cashier's page; region, store, period and rule (only the
 * cashiers it hit, with their hits) in the URL; CSV; below, the rules' hits of the same scope,
 * arriving live.
 */
export function RiskRankingView() {
  const { filters, problems, change } = useLossUrl();
  const stores = useStores();
  const rules = useRules();
  const risk = useRiskRanking(filters);
  const window = periodLabel(filters);
  const scopeLabel = filters.storeId ? `store ${filters.storeId}` : filters.region ? `region ${filters.region}` : 'whole chain';
  const id = useId();
  const storeList = stores.data?.stores ?? [];
  const currencyOf = (storeId: string) => storeList.find((s) => s.storeId === storeId)?.currency ?? null;
  const ruleName = rules.data?.rules.find((r) => r.rule.id === filters.rule)?.rule.name ?? filters.rule;

  return (
    <div className="dashboard" data-testid="loss-page">
      <div className="dash-head">
        <div>
          <h1>Loss prevention</h1>
          <p className="muted small">
            Cashiers ranked by risk score against peers of their store and kind of till · {scopeLabel} · {window}
          </p>
        </div>
        <LiveIndicator />
        <Link href="/loss/rules" className="button loss-small" data-testid="rules-link">
          Rules and backtest
        </Link>
      </div>
      <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()} data-testid="loss-filters">
        <ScopeSelects region={filters.region} storeId={filters.storeId} stores={storeList} onChange={change} />
        <PeriodFilter filters={filters} onChange={change} />
        <label htmlFor={`${id}-rule`}>
          Rule
          <select id={`${id}-rule`} value={filters.rule ?? ''} onChange={(e) => change({ rule: e.target.value || undefined })}>
            <option value="">Any (every cashier)</option>
            {(rules.data?.rules ?? []).map((r) => (
              <option key={r.rule.id} value={r.rule.id}>
                {r.rule.name}
                {r.rule.enabled ? '' : ' (disabled)'}
              </option>
            ))}
            {filters.rule && rules.data && !rules.data.rules.some((r) => r.rule.id === filters.rule) && <option value={filters.rule}>{filters.rule} (unknown)</option>}
          </select>
        </label>
      </form>
      {problems.length > 0 && (
        <p className="error" role="alert">
          {problems.join('; ')}
        </p>
      )}
      <Card
        title={filters.rule ? `Risk ranking · cashiers hit by ${ruleName}` : 'Risk ranking'}
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
          empty={risk.data && risk.data.cashiers.length === 0 ? emptyText(risk.data, scopeLabel, window) : null}
        >
          {risk.data && (
            <>
              <p className="muted small loss-note">
                {formatCount(risk.data.scored)} of {formatCount(risk.data.total)} cashiers scored (at least 10 receipts and a peer to compare with) · weights version{' '}
                {risk.data.weights.version} · source {risk.data.source} · score = Σ weight × spreads worse than the peers’ median
              </p>
              {risk.data.rule && (
                <p className="small loss-note" data-testid="rule-filter-note">
                  {risk.data.rule.name}: {formatCount(risk.data.rule.hits)} {risk.data.rule.hits === 1 ? 'hit' : 'hits'} in the period
                  {risk.data.rule.withoutCashier > 0 ? ` (${formatCount(risk.data.rule.withoutCashier)} with no cashier signed in, not listed)` : ''}; ranks are those among every cashier of the {scopeLabel}.
                </p>
              )}
              <RiskTable answer={risk.data} period={filters} currencyOf={currencyOf} />
            </>
          )}
        </PanelState>
      </Card>
      <LossAlertsPanel scope={filters} stores={storeList} />
    </div>
  );
}

function emptyText(a: RiskAnswer, scopeLabel: string, window: string): string {
  const when = window === 'today' ? 'today' : `in ${window}`;
  if (a.rule) return `${a.rule.name} has hit no cashier of the ${scopeLabel} ${when}${a.rule.withoutCashier > 0 ? ` (${a.rule.withoutCashier} ${a.rule.withoutCashier === 1 ? 'hit' : 'hits'} with no cashier signed in)` : ''}.`;
  return `No cashier of the ${scopeLabel} has receipts or exceptions ${when} yet: nothing to rank.`;
}

