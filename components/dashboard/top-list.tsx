'use client';

import { useState } from 'react';
import { explainError } from '@/components/data/fetch-json';
import type { Scope } from '@/components/data/scope';
import { useTop } from '@/components/data/use-dashboard';
import { formatCount, formatMoney } from '@/components/format/format';
import { Card, PanelState } from './card';

/** Today's top SKUs or categories of a scope (tills only: docs/kpis.md "Top SKUs and categories"), by net units or value. */
export function TopList({ scope, dimension }: { scope: Scope; dimension: 'sku' | 'category' }) {
  const [by, setBy] = useState<'units' | 'value'>('units');
  const { data, error, isPending } = useTop(scope, dimension, by);
  const title = dimension === 'sku' ? 'Top SKUs' : 'Top categories';
  const what = dimension === 'sku' ? 'SKUs' : 'categories';
  return (
    <Card
      title={title}
      window="today, tills"
      testId={`top-${dimension}`}
      actions={
        <div className="segmented" role="group" aria-label={`Rank ${what} by`}>
          {(['units', 'value'] as const).map((b) => (
            <button key={b} type="button" className={`seg ${by === b ? 'on' : ''}`} aria-pressed={by === b} onClick={() => setBy(b)}>
              {b === 'units' ? 'Units' : 'Value'}
            </button>
          ))}
        </div>
      }
    >
      <PanelState
        pending={isPending}
        error={error ? explainError(error, `the top ${what}`) : null}
        empty={data && data.items.length === 0 ? `No till sales today${scope.channel === 'web' ? ' (the web shop is not ranked here)' : ''}.` : null}
      >
        {data && (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{dimension === 'sku' ? 'SKU' : 'Category'}</th>
                  <th className="num">Net units</th>
                  <th className="num">Net value</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={i.key}>
                    <td className="wrap">
                      {dimension === 'sku' ? (
                        <>
                          {i.name ?? i.key}
                          <span className="muted small sub-line">
                            {i.key}
                            {i.category ? ` · ${i.category}` : ''}
                          </span>
                        </>
                      ) : (
                        i.key
                      )}
                    </td>
                    <td className="num">{formatCount(i.units)}</td>
                    <td className="num">{formatMoney(i.value, data.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PanelState>
    </Card>
  );
}
