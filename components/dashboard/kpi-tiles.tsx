'use client';

import { formatCount, formatMoney, formatMoneyChange, formatPctChange, formatRatio } from '@/components/format/format';
import type { KpiAnswer } from '@/lib/kpis/kpi-answers';

/**
 * The headline KPIs of a scope and period (docs/kpis.md): net sales and its change against
 * the comparison window, receipts, average basket, items per receipt, refunds. Receipts and
 * the ratios are till measures (– for the web channel alone).
 */
export function KpiTiles({ answer, windowLabel }: { answer: KpiAnswer; windowLabel: string }) {
  const { kpis, comparison, currency } = answer;
  const change = comparison.netSalesChange;
  return (
    <div className="tiles" data-testid="kpi-tiles">
      <div className="tile tile-main" data-testid="kpi-net-sales" data-value={kpis.netSales}>
        <div className="tile-label">Net sales · {windowLabel}</div>
        <div className="tile-value">{formatMoney(kpis.netSales, currency)}</div>
        {comparison.netSalesChangePct === null ? (
          <div className="tile-sub muted" data-testid="kpi-vs-last-week">
            no net sales {comparisonLabel(answer)} to compare with
          </div>
        ) : (
          <div className={`tile-sub ${change > 0 ? 'up' : change < 0 ? 'down' : ''}`} data-testid="kpi-vs-last-week">
            {formatMoneyChange(change, currency)} ({formatPctChange(comparison.netSalesChangePct)}) vs {formatMoney(comparison.kpis.netSales, currency)} {comparisonLabel(answer)}
          </div>
        )}
      </div>
      <Tile label="Receipts" value={formatCount(kpis.receipts)} testId="kpi-receipts" sub={`${formatCount(comparison.kpis.receipts)} ${comparisonLabel(answer)}`} />
      <Tile label="Average basket" value={formatMoney(kpis.averageBasket === null ? null : Math.round(kpis.averageBasket), currency)} testId="kpi-average-basket" sub="net sales / receipt (tills)" />
      <Tile label="Items per receipt" value={formatRatio(kpis.itemsPerReceipt)} testId="kpi-items-per-receipt" sub={`${formatCount(kpis.items)} items`} />
      <Tile
        label="Refunds"
        value={formatMoney(kpis.refunds, currency)}
        testId="kpi-refunds"
        sub={`${formatCount(kpis.refundCount)} refunds · ${formatCount(kpis.postVoidCount)} post-voids`}
      />
    </div>
  );
}

const comparisonLabel = (a: KpiAnswer) => (a.period === 'today' ? 'same weekday last week' : 'a week earlier');

function Tile({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
      {sub && <div className="tile-sub muted">{sub}</div>}
    </div>
  );
}
