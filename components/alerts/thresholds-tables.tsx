'use client';

import { Card } from '@/components/dashboard/card';
import { formatCount, formatDateTime } from '@/components/format/format';
import type { ThresholdsAnswer } from './alerts-api';
import { FIELD_INFO, FIELD_ORDER, scopeLabel } from './threshold-form';

/** Every setting: which scope sets which fields, by whom and when. */
export function SettingsTable({ answer }: { answer: ThresholdsAnswer }) {
  return (
    <Card title="Settings" window="chain, then region, then store: the narrower wins, field by field" testId="threshold-settings">
      {answer.settings.length === 0 ? (
        <p className="muted">Nothing is set: every store uses the defaults.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th>Scope</th>
                <th>Sets</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {answer.settings.map((s) => (
                <tr key={s.scope} data-testid={`threshold-setting-${s.scope}`}>
                  <td>{scopeLabel(s.scope, answer.stores)}</td>
                  <td className="wrap">
                    {FIELD_ORDER.filter((f) => s.values[f] !== undefined)
                      .map((f) => `${FIELD_INFO[f].label} ${s.values[f]} ${FIELD_INFO[f].unit}`)
                      .join(' · ') || <span className="muted">nothing</span>}
                  </td>
                  <td className="admin-date">{s.updatedBy ? `${s.updatedBy}${s.updatedAt ? ` · ${formatDateTime(s.updatedAt)}` : ''}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** Each store's effective values (the defaults, then the chain's, its region's and its own), marked where they differ from the chain's. */
export function EffectiveTable({ answer }: { answer: ThresholdsAnswer }) {
  const fields = FIELD_ORDER.filter((f) => f !== 'dlqPerMinute' && f !== 'consumerLagAbove');
  return (
    <Card title="In effect per store" window={`your ${answer.stores.length} stores · bold: not the chain’s value`} testId="threshold-effective">
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th>Store</th>
              <th>Region</th>
              {fields.map((f) => (
                <th key={f} className="num" title={FIELD_INFO[f].unit}>
                  {FIELD_INFO[f].label}
                  <span className="sub-line alerts-unit">{FIELD_INFO[f].unit}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answer.stores.map((s) => (
              <tr key={s.storeId} data-testid={`threshold-store-${s.storeId}`}>
                <td>
                  {s.storeId} <span className="muted small">{s.name}</span>
                </td>
                <td>{s.region}</td>
                {fields.map((f) => (
                  <td key={f} className={`num${s.thresholds[f] !== answer.chain[f] ? ' alerts-differs' : ''}`}>
                    {s.thresholds[f]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Chain only: dead letters above {answer.chain.dlqPerMinute}/min, consumer lag above {formatCount(answer.chain.consumerLagAbove)} messages.
      </p>
    </Card>
  );
}
