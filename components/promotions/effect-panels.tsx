'use client';

import { CartesianGrid, ComposedChart, Legend, Line, Bar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { formatDateTime, formatHourMinute } from '@/components/format/format';
import type { EffectAnswer, Estimate, GroupStats } from '@/lib/promotions/effect-answers';
import { estimateText, money, pct, plain, signedMoney, units, verdict } from './effect-figures';
import { usePromotionEffect } from './use-promotion-effect';

/**
 * The promotion's effect (GET /api/v1/promotions/{id}/effect; docs/kpis.md "Promotions:
 * effect"): the headline figures with their 95 % intervals and what they rest on, units per hour
 * against what was expected without it, the rest of its categories, and baskets and checkout
 * speed with and without its SKUs. Live while it runs.
 */
export function EffectPanels({ promotionId, live }: { promotionId: string; live: boolean }) {
  const effect = usePromotionEffect(promotionId, live);
  const e = effect.data;
  return (
    <Card title="Effect" window={e ? designText(e) : 'against previous weeks and the stores without it'} testId="promotion-effect">
      <PanelState pending={effect.isPending} error={effect.error ? explainError(effect.error, 'the effect') : null} empty={null}>
        {e && (
          <>
            <dl className="promo-effect-grid" data-testid="effect-headline">
              <Figure label="Uplift of its SKUs" e={e.promoted.uplift} format={pct} testId="effect-uplift" />
              <Figure label="Incremental units" e={e.promoted.incrementalUnits} format={units} testId="effect-incremental-units" />
              <Figure label="Incremental revenue (net of discounts)" e={e.promoted.incrementalRevenue} format={signedMoney(e.currency)} testId="effect-incremental-revenue" />
              <div>
                <dt>Discount cost</dt>
                <dd data-testid="effect-discount">{money(e.currency)(e.promoted.discountCost)}</dd>
                <dd className="muted small">exact: every discount naming it on receipts that stand</dd>
              </div>
              <div>
                <dt>Net incremental margin</dt>
                <dd>–</dd>
                <dd className="muted small">{e.promoted.netIncrementalMargin.status === 'measured' ? '' : e.promoted.netIncrementalMargin.reason}</dd>
              </div>
            </dl>
            <p className="muted small" data-testid="effect-rests-on">
              {restsOn(e)}
            </p>
            {e.series.length > 0 && <UnitsChart e={e} />}
            {e.category && (
              <p className="small" data-testid="effect-category">
                Rest of {e.category.categories.join(', ')} ({e.category.skus} SKUs): <EstimateInline e={e.category.uplift} format={pct} /> ({plain(0)(e.category.units)} units against {plain(1)(e.category.baselineUnits)}; a fall is cannibalisation)
              </p>
            )}
            <BasketsTable e={e} />
          </>
        )}
      </PanelState>
    </Card>
  );
}

function designText(e: EffectAnswer): string {
  const weeks = e.design.baselineWeeks === 0 ? 'no previous week in history yet' : e.design.baselineWeeks === 1 ? 'the previous week' : `${e.design.baselineWeeks} previous weeks`;
  const against = e.design.method === 'did' ? `${weeks} and ${e.design.controlStores.length} stores without it` : `${weeks} (it runs everywhere)`;
  const when = e.design.from && e.design.to ? `${formatDateTime(e.design.from)} – ${formatDateTime(e.design.to)}` : 'no whole hour yet';
  return `${when} · against ${against} · 95 % intervals`;
}

/** What the figures rest on, in a sentence. */
function restsOn(e: EffectAnswer): string {
  const m = money(e.currency);
  if (e.design.hours === 0) return `No whole store-hour of it has passed in ${e.design.treatedStores.join(', ')} yet: the figures start once one has. Its ${e.promoted.skus} SKUs; discounts so far ${m(e.promoted.discountCost)}.`;
  return `Rests on ${e.design.hours} store-hours of ${e.design.treatedStores.join(', ')}: ${plain(0)(e.promoted.units)} units of its ${e.promoted.skus} SKUs sold where the baseline weeks sold ${plain(1)(e.promoted.baselineUnits)}; gross ${m(e.promoted.grossRevenue)}, paid ${m(e.promoted.netRevenue)}.`;
}

function Figure({ label, e, format, testId }: { label: string; e: Estimate; format: (x: number) => string; testId: string }) {
  const t = estimateText(e, format);
  const v = verdict(e);
  return (
    <div data-testid={testId} data-status={e.status} data-verdict={v ?? undefined}>
      <dt>{label}</dt>
      <dd className={v === 'up' ? 'up' : v === 'down' ? 'down' : undefined}>{t.value}</dd>
      <dd className="muted small">{t.range ? `95 %: ${t.range}` : t.reason}</dd>
    </div>
  );
}

function EstimateInline({ e, format }: { e: Estimate; format: (x: number) => string }) {
  const t = estimateText(e, format);
  return t.range ? (
    <strong>
      {t.value} <span className="muted">({t.range})</span>
    </strong>
  ) : (
    <span className="muted">{t.reason}</span>
  );
}

function UnitsChart({ e }: { e: EffectAnswer }) {
  const data = e.series.map((h) => ({ hour: h.hour, units: h.units, expected: h.expectedUnits }));
  return (
    <figure className="chart" data-testid="effect-chart">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" vertical={false} />
          <XAxis dataKey="hour" tickFormatter={(h: string) => formatHourMinute(h)} stroke="var(--muted)" fontSize={11} />
          <YAxis stroke="var(--muted)" fontSize={11} width={48} />
          <Tooltip labelFormatter={(h) => formatDateTime(String(h))} contentStyle={{ background: 'var(--card)', border: '1px solid var(--line)' }} />
          <Legend formatter={(name) => (name === 'units' ? 'Units sold' : 'Expected without it')} />
          <Bar dataKey="units" fill="var(--accent)" isAnimationActive={false} />
          <Line dataKey="expected" stroke="var(--muted)" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Units of its SKUs per hour in its stores (UTC hours, shown in your time) against the baseline weeks’ same hours scaled by the stores without it.</figcaption>
    </figure>
  );
}

function BasketsTable({ e }: { e: EffectAnswer }) {
  const row = (label: string, g: GroupStats) => (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{g.receipts.toLocaleString('en-GB')}</td>
      <td className="num">
        <EstimateInline e={g.basketValue} format={money(e.currency)} />
      </td>
      <td className="num">
        <EstimateInline e={g.basketItems} format={plain(1)} />
      </td>
      <td className="num">
        <EstimateInline e={g.checkoutSeconds} format={(s) => `${Math.round(s)} s`} />
      </td>
      <td className="num">
        <EstimateInline e={g.itemsPerMinute} format={plain(1)} />
      </td>
    </tr>
  );
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="effect-baskets">
        <caption className="muted small">Receipts in its stores while it ran (95 % intervals)</caption>
        <thead>
          <tr>
            <th>Receipts</th>
            <th className="num">Count</th>
            <th className="num">Basket value</th>
            <th className="num">Items</th>
            <th className="num">Checkout time</th>
            <th className="num">Items per minute</th>
          </tr>
        </thead>
        <tbody>
          {row('With its SKUs', e.baskets.withPromoted)}
          {row('Without', e.baskets.withoutPromoted)}
        </tbody>
      </table>
    </div>
  );
}
