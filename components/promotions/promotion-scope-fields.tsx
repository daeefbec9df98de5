'use client';

import { useId, useState } from 'react';
import type { StoreInfo } from '@/lib/kpis/store-answers';
import { SkuSearchBox } from '@/components/inventory/sku-search-box';
import type { PromotionFormState } from './promotion-form-state';

type Patch = (p: Partial<PromotionFormState>) => void;
export type FieldError = (field: string) => { invalid: true | undefined; describedBy: string | undefined };

/** The promoted SKUs (picked with the inventory's SKU search, removable chips) and/or a category. */
export function ItemFields({ form, patch, error }: { form: PromotionFormState; patch: Patch; error: FieldError }) {
  // A new box after every pick: the search starts empty again.
  const [round, setRound] = useState(0);
  const skus = error('skus');
  return (
    <fieldset className="promo-fieldset" aria-invalid={skus.invalid} aria-describedby={skus.describedBy} data-testid="promotion-skus">
      <legend>What</legend>
      <div className="promo-sku-search">
        <SkuSearchBox
          key={round}
          selected={null}
          onPick={(sku) => {
            if (!form.skus.includes(sku)) patch({ skus: [...form.skus, sku] });
            setRound((r) => r + 1);
          }}
        />
      </div>
      <ul className="promo-chips" aria-label="Promoted SKUs">
        {form.skus.length === 0 && <li className="muted small">No SKU picked{form.category ? ': the category’s SKUs' : ''}.</li>}
        {form.skus.map((sku) => (
          <li key={sku} className="admin-store-chip">
            {sku}{' '}
            <button type="button" className="promo-chip-remove" aria-label={`Remove ${sku}`} onClick={() => patch({ skus: form.skus.filter((s) => s !== sku) })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label className="admin-field">
        Category (optional: every SKU of it)
        <input name="category" value={form.category} onChange={(e) => patch({ category: e.target.value })} {...ariaOf(error('category'))} />
      </label>
    </fieldset>
  );
}

/** Where: every store, one region, or chosen stores (from GET /api/v1/stores). */
export function TargetFields({ form, patch, stores, error }: { form: PromotionFormState; patch: Patch; stores: StoreInfo[]; error: FieldError }) {
  const regionId = useId();
  const regions = [...new Set(stores.map((s) => s.region))].sort();
  const target = error('target');
  const chosen = new Set(form.storeIds);
  return (
    <fieldset className="promo-fieldset" aria-invalid={target.invalid} aria-describedby={target.describedBy} data-testid="promotion-target">
      <legend>Where</legend>
      <div className="segmented" role="radiogroup" aria-label="Target">
        {(
          [
            ['chain', 'All stores'],
            ['region', 'A region'],
            ['stores', 'Chosen stores'],
          ] as const
        ).map(([scope, label]) => (
          <label key={scope} className={`seg ${form.scope === scope ? 'on' : ''}`}>
            <input className="admin-sr-only" type="radio" name="scope" value={scope} checked={form.scope === scope} onChange={() => patch({ scope })} />
            {label}
          </label>
        ))}
      </div>
      {form.scope === 'region' && (
        <div className="admin-field">
          <label htmlFor={regionId}>Region</label>
          <select id={regionId} name="region" value={form.region} onChange={(e) => patch({ region: e.target.value })} {...ariaOf(target)}>
            <option value="">Choose a region…</option>
            {regions.map((r) => (
              <option key={r} value={r}>
                {r} ({stores.filter((s) => s.region === r).length} stores, {stores.find((s) => s.region === r)?.timezone})
              </option>
            ))}
          </select>
        </div>
      )}
      {form.scope === 'stores' && (
        <div className="admin-store-options">
          {stores.map((s) => (
            <label key={s.storeId} className="admin-store-option">
              <input
                type="checkbox"
                name="storeIds"
                value={s.storeId}
                checked={chosen.has(s.storeId)}
                onChange={(e) => patch({ storeIds: e.target.checked ? [...form.storeIds, s.storeId] : form.storeIds.filter((x) => x !== s.storeId) })}
              />
              <span className="admin-store-id">{s.storeId}</span> <span className="muted small">{s.region}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

export const ariaOf = (e: { invalid: true | undefined; describedBy: string | undefined }) => ({ 'aria-invalid': e.invalid, 'aria-describedby': e.describedBy });
