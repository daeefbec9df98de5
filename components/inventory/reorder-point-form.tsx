'use client';

import { useId, useState, type FormEvent } from 'react';
import type { SkuStockAnswer, ThresholdAnswer } from '@/lib/inventory/inventory-api-types';
import { formatUnits, SOURCE_LABELS } from './format';
import { ApiError, problemOf } from './inventory-fetch';
import { useReorderPoint } from './use-inventory-queries';

type Row = SkuStockAnswer['locations'][number];
const FIELDS = ['reorderPoint', 'targetLevel'] as const;
type Field = (typeof FIELDS)[number];

/** What was typed, as the API takes it: a number when it reads as one; anything else as typed, for the API to name. */
function valueOf(raw: string): unknown {
  const t = raw.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

function savedText(a: ThresholdAnswer, reset: boolean): string {
  const f = a.inForce;
  const target = `orders fill up to ${formatUnits(f.targetLevel)}`;
  if (reset) return `${a.sku} at ${a.locationId} is back to the ${SOURCE_LABELS[f.thresholdSource].short}: reorder point ${formatUnits(f.reorderPoint)}, ${target}.`;
  return `Saved: ${a.sku} at ${a.locationId} reorders below ${formatUnits(f.reorderPoint)}; ${target}.`;
}

/**
 * Sets the reorder point (and target level) of the SKU at one of the locations listed, or
 * takes it back to the default from sales velocity. The API decides who may (a store manager
 * at its own stores) and what is valid; its answer is shown next to the field it names.
 */
export function ReorderPointForm({ sku, rows, preferredLocation }: { sku: string; rows: Row[]; preferredLocation: string | null }) {
  const id = useId();
  const pickDefault = () => (preferredLocation && rows.some((r) => r.locationId === preferredLocation) ? preferredLocation : (rows[0]?.locationId ?? ''));
  const [locationId, setLocationId] = useState(pickDefault);
  const [values, setValues] = useState<Record<Field, string>>({ reorderPoint: '', targetLevel: '' });
  const [done, setDone] = useState<string | null>(null);
  const mutation = useReorderPoint();
  // The page's location changed (the location picker, a row): follow it.
  const [followed, setFollowed] = useState(preferredLocation);
  if (followed !== preferredLocation) {
    setFollowed(preferredLocation);
    if (preferredLocation && rows.some((r) => r.locationId === preferredLocation)) {
      setLocationId(preferredLocation);
      setValues({ reorderPoint: '', targetLevel: '' });
      setDone(null);
    }
  }

  const row = rows.find((r) => r.locationId === locationId);
  // What the API said is about the location it was said for.
  const err = mutation.variables?.locationId === locationId ? mutation.error : null;
  const fieldError = (f: Field) => (err instanceof ApiError && err.field === f ? err.body?.message.replace(/^[a-zA-Z]+: /, '') : undefined);
  const general = err && !(err instanceof ApiError && FIELDS.some((f) => f === err.field)) ? problemOf(err) : null;

  function choose(loc: string) {
    setLocationId(loc);
    setValues({ reorderPoint: '', targetLevel: '' });
    setDone(null);
    mutation.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) if (valueOf(values[f]) !== undefined) body[f] = valueOf(values[f]);
    mutation.mutate({ kind: 'set', locationId, sku, body }, { onSuccess: (a) => setDone(savedText(a, false)) });
  }

  function reset() {
    setDone(null);
    mutation.mutate({ kind: 'reset', locationId, sku }, { onSuccess: (a) => setDone(savedText(a, true)) });
  }

  if (rows.length === 0) return null;
  return (
    <form className="inv-form" noValidate onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="reorder-form">
      <h3 id={`${id}-title`} className="inv-form-title">
        Reorder point of {sku}
      </h3>
      <div className="inv-form-row">
        <label className="inv-field">
          <span className="inv-label">Location</span>
          <select className="inv-input" value={locationId} onChange={(e) => choose(e.target.value)} data-testid="reorder-location">
            {rows.map((r) => (
              <option key={r.locationId} value={r.locationId}>
                {r.locationId}
              </option>
            ))}
          </select>
        </label>
        {FIELDS.map((f) => {
          const problem = fieldError(f);
          const label = f === 'reorderPoint' ? 'Reorder point (units)' : 'Target level (units, optional)';
          const current = row ? (f === 'reorderPoint' ? row.reorderPoint : row.targetLevel) : undefined;
          return (
            <label className="inv-field" key={f}>
              <span className="inv-label">{label}</span>
              <input
                className="inv-input inv-input-num"
                name={f}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                placeholder={current === undefined ? '' : `now ${current}`}
                value={values[f]}
                onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-${f}-error` : undefined}
              />
              {problem && (
                <span id={`${id}-${f}-error`} className="inv-field-error" data-testid={`reorder-error-${f}`}>
                  {problem}
                </span>
              )}
            </label>
          );
        })}
        <div className="inv-form-actions">
          <button type="submit" className="button primary" disabled={mutation.isPending || !locationId}>
            {mutation.isPending && mutation.variables?.kind === 'set' ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button"
            onClick={reset}
            disabled={mutation.isPending || !row || row.thresholdSource === 'velocity'}
            title={row?.thresholdSource === 'velocity' ? 'Already the default from sales velocity' : 'Remove the reorder point set here: the default from sales velocity applies'}
          >
            Back to default
          </button>
        </div>
      </div>
      {row && (
        <p className="muted small inv-form-note">
          In force at {row.locationId}: {formatUnits(row.reorderPoint)}, {SOURCE_LABELS[row.thresholdSource].long}; orders fill up to {formatUnits(row.targetLevel)}. A new point applies from the
          next stock movement.
        </p>
      )}
      <p role="status" aria-live="polite" className={general ? 'error small' : 'inv-ok small'} data-testid="reorder-status">
        {general ?? done}
      </p>
    </form>
  );
}
