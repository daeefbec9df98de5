'use client';

import { useId, useState, type FormEvent } from 'react';
import type { StoreInfo } from '@/lib/kpis/store-answers';
import type { PromotionDraft, PromotionKind } from '@/lib/promotions/authoring-answers';
import { FormError } from '@/components/admin/form-error';
import { describeRefusal, fieldOf } from './promotion-api';
import { emptyForm, isMoney, KIND_LABELS, toDraft, VALUE_LABELS, type PromotionFormState } from './promotion-form-state';
import { currencyOf, storesOf } from './promotion-labels';
import { ariaOf, ItemFields, TargetFields, type FieldError } from './promotion-scope-fields';

/**
 * A promotion as the author writes it: name, kind and value (buyQty for a multi-buy), SKUs
 * and/or a category, all stores / a region / chosen stores, and the local start and end (the
 * wall clock each store reads in its own timezone). The API checks every field; its 400
 * names the field, which is marked and described by the message.
 */
export function PromotionForm({
  title,
  initial,
  stores,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial?: PromotionFormState;
  stores: StoreInfo[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: PromotionDraft) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [form, setForm] = useState<PromotionFormState>(initial ?? emptyForm());
  const patch = (p: Partial<PromotionFormState>) => setForm((f) => ({ ...f, ...p }));
  // Money is typed in the targeted stores' currency (one, or none when they mix).
  const currency = currencyOf(storesOf({ draft: toDraft(form, null), published: null }, stores));

  const errorId = `${id}-error`;
  const message = error ? describeRefusal(error, 'Saving the promotion') : null;
  const bad = fieldOf(error);
  const fieldError: FieldError = (field) => ({ invalid: bad === field || undefined, describedBy: bad === field ? errorId : undefined });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onSubmit(toDraft(form, currency));
  }

  return (
    <form className="admin-form promo-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="promotion-form">
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="admin-form-row">
        <label className="admin-field promo-wide">
          Name
          <input name="name" value={form.name} maxLength={200} onChange={(e) => patch({ name: e.target.value })} {...ariaOf(fieldError('name'))} />
        </label>
        <label className="admin-field">
          Kind
          <select name="kind" value={form.kind} onChange={(e) => patch({ kind: e.target.value as PromotionKind })} {...ariaOf(fieldError('kind'))}>
            {(Object.keys(KIND_LABELS) as PromotionKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="admin-field">
          {VALUE_LABELS[form.kind]}
          {isMoney(form.kind) ? ` (${currency ?? 'the stores’ currency'})` : ''}
          <input name="value" inputMode="decimal" value={form.value} onChange={(e) => patch({ value: e.target.value })} {...ariaOf(fieldError('value'))} />
        </label>
        {form.kind === 'multi_buy' && (
          <label className="admin-field">
            Units in a group
            <input name="buyQty" inputMode="numeric" placeholder={form.value ? String(Number(form.value) + 1) : '3'} value={form.buyQty} onChange={(e) => patch({ buyQty: e.target.value })} {...ariaOf(fieldError('buyQty'))} />
          </label>
        )}
      </div>
      <div className="promo-form-grid">
        <ItemFields form={form} patch={patch} error={fieldError} />
        <TargetFields form={form} patch={patch} stores={stores} error={fieldError} />
        <fieldset className="promo-fieldset">
          <legend>When (each store’s local time)</legend>
          <label className="admin-field">
            Local start
            <input name="localStart" type="datetime-local" value={form.localStart} onChange={(e) => patch({ localStart: e.target.value })} {...ariaOf(fieldError('localStart'))} />
          </label>
          <label className="admin-field">
            Local end
            <input name="localEnd" type="datetime-local" value={form.localEnd} onChange={(e) => patch({ localEnd: e.target.value })} {...ariaOf(fieldError('localEnd'))} />
          </label>
        </fieldset>
      </div>
      <FormError id={errorId} message={message} />
      <div className="loss-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
