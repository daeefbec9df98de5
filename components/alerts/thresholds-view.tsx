'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { Card, PanelState } from '@/components/dashboard/card';
import { explainError } from '@/components/data/fetch-json';
import { ThresholdScopeForm } from './threshold-scope-form';
import { scopeLabel } from './threshold-form';
import { EffectiveTable, SettingsTable } from './thresholds-tables';
import { useThresholds } from './use-thresholds';

/**
 * The condition rules' thresholds ("rules are data"): edit the scopes the caller may set (one at
 * a time), every setting, and each store's values in effect.
 */
export function ThresholdsView() {
  const q = useThresholds();
  const a = q.data;
  const id = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const scopes = a?.may.scopes ?? [];
  const scope = picked && scopes.includes(picked) ? picked : (scopes[0] ?? null);
  return (
    <div className="dashboard" data-testid="thresholds-page">
      <div className="dash-head">
        <div>
          <p className="loss-crumbs small">
            <Link href="/alerts">Alerts</Link> ›
          </p>
          <h1>Alert thresholds</h1>
          <p className="muted small">When the condition rules raise an alert: the chain’s defaults, overridden per region and then per store, field by field.</p>
        </div>
      </div>
      <PanelState pending={q.isPending} error={a ? null : q.error ? explainError(q.error, 'the thresholds') : null}>
        {a && (
          <>
            <Card title="Change" window={scopes.length ? 'the scopes your role may set' : 'read only'} testId="threshold-edit">
              {scope ? (
                <>
                  <label htmlFor={`${id}-scope`} className="inv-label">
                    Scope
                  </label>
                  <select id={`${id}-scope`} className="inv-input alerts-scope-select" value={scope} onChange={(e) => setPicked(e.target.value)} data-testid="threshold-scope">
                    {scopes.map((s) => (
                      <option key={s} value={s}>
                        {scopeLabel(s, a.stores)}
                      </option>
                    ))}
                  </select>
                  <ThresholdScopeForm key={scope} answer={a} scope={scope} />
                </>
              ) : (
                <p className="muted">Your role may not change thresholds; these are the values in effect.</p>
              )}
            </Card>
            <SettingsTable answer={a} />
            <EffectiveTable answer={a} />
          </>
        )}
      </PanelState>
    </div>
  );
}
