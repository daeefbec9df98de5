'use client';

import { describeError, type StoreOption } from './admin-api';
import { useStoreOptions } from './use-admin-users';

/**
 * The stores of a store manager: a checkbox per store the directory knows (GET
 * /api/v1/stores), plus any store the user already has that the directory does not list
 * (so that saving does not drop it unseen).
 */
export function StorePicker({
  value,
  onChange,
  disabled,
  invalid,
  describedBy,
}: {
  value: string[];
  onChange: (stores: string[]) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const stores = useStoreOptions();
  const known = stores.data ?? [];
  const knownIds = new Set(known.map((s) => s.storeId));
  const options: (StoreOption & { unknown?: boolean })[] = [
    ...known,
    ...value.filter((id) => !knownIds.has(id)).map((id) => ({ storeId: id, name: 'not in the store list', region: '', unknown: true })),
  ];
  const chosen = new Set(value);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));

  return (
    <fieldset className="admin-store-picker" disabled={disabled} aria-describedby={describedBy} aria-invalid={invalid || undefined} data-testid="admin-store-picker">
      <legend>
        Stores{' '}
        <span className="muted small" data-testid="stores-chosen">
          {value.length === 0 ? '(none chosen; a store manager needs at least one)' : `(${value.length} chosen: ${value.join(', ')})`}
        </span>
      </legend>
      {stores.isPending && <p className="muted small">Loading the stores…</p>}
      {stores.isError && (
        <p className="error small" role="alert">
          {describeError(stores.error, 'Loading the store list', 'Redis or ClickHouse')}{' '}
          <button type="button" className="button admin-small" onClick={() => void stores.refetch()}>
            Retry
          </button>
        </p>
      )}
      {stores.isSuccess && known.length === 0 && (
        <p className="muted small">
          No stores are known yet: the list comes from the chain’s master data, which has not arrived. A store manager can be given stores once it has.
        </p>
      )}
      <div className="admin-store-options">
        {options.map((s) => (
          <label key={s.storeId} className="admin-store-option">
            <input type="checkbox" name="stores" value={s.storeId} checked={chosen.has(s.storeId)} onChange={(e) => toggle(s.storeId, e.target.checked)} />
            <span className="admin-store-id">{s.storeId}</span>
            <span className={s.unknown ? 'muted' : undefined}>
              {s.name}
              {s.region && <span className="muted small"> · {s.region}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
