'use client';

import { useId, useState } from 'react';
import { ApiError } from '@/components/data/fetch-json';
import { formatDateTime } from '@/components/format/format';
import { describeFailure, type ThresholdField, type ThresholdsAnswer } from './alerts-api';
import { changesOf, draftOf, FIELD_INFO, fieldOfError, fieldsFor, inheritedFor, scopeLabel } from './threshold-form';
import { useSetThresholds } from './use-thresholds';

/**
 * One scope's setting, field by field: a value typed here overrides the wider scope's (shown as
 * the placeholder); Clear gives the field back to the wider scope. Save sends only what changed;
 * a 400 is shown at its field. Keyed by scope by the parent; after a save it shows what is stored.
 */
export function ThresholdScopeForm({ answer, scope }: { answer: ThresholdsAnswer; scope: string }) {
  const id = useId();
  const save = useSetThresholds();
  const [draft, setDraft] = useState(() => draftOf(answer, scope));
  const [localErrors, setLocalErrors] = useState<Partial<Record<ThresholdField, string>>>({});
  const [saved, setSaved] = useState(false);
  const fields = fieldsFor(scope, answer.may.fields);
  const inherited = inheritedFor(answer, scope);
  const setting = answer.settings.find((s) => s.scope === scope);
  const stored = setting?.values ?? {};
  const serverField = save.error instanceof ApiError && save.error.status === 400 ? fieldOfError(save.error.field) : undefined;
  const errorAt = (f: ThresholdField) => localErrors[f] ?? (serverField === f ? save.error?.message : undefined);
  const formError = save.error && !serverField ? describeFailure(save.error, 'Saving') : null;
  const wider = scope === 'chain' ? 'the default' : scope.startsWith('region:') ? 'the chain' : 'the chain or region';

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const { set, errors } = changesOf(stored, draft, fields);
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0 || Object.keys(set).length === 0) return;
    save.mutate(
      { scope, set },
      {
        onSuccess: (next) => {
          setDraft(draftOf(next, scope));
          setSaved(true);
        },
      },
    );
  };

  return (
    <form className="alerts-threshold-form" onSubmit={submit} aria-label={`Thresholds of ${scopeLabel(scope, answer.stores)}`} data-testid={`threshold-form-${scope}`}>
      <p className="muted small">
        {setting?.updatedBy ? `Last set by ${setting.updatedBy}${setting.updatedAt ? ` · ${formatDateTime(setting.updatedAt)}` : ''}. ` : 'Nothing set here yet. '}
        An empty field takes {wider}’s value (shown in grey).
      </p>
      {fields.length === 0 && <p className="muted">Your role may not set any threshold of this scope.</p>}
      <div className="alerts-threshold-grid">
        {fields.map((f) => {
          const err = errorAt(f);
          const info = FIELD_INFO[f];
          return (
            <div key={f} className="alerts-threshold-field" data-testid={`threshold-${f}`}>
              <label htmlFor={`${id}-${f}`} className="inv-label">
                {info.label}
              </label>
              <div className="alerts-threshold-input">
                <input
                  id={`${id}-${f}`}
                  className="inv-input"
                  inputMode="decimal"
                  value={draft[f] ?? ''}
                  placeholder={String(inherited[f])}
                  aria-invalid={err ? 'true' : undefined}
                  aria-describedby={`${id}-${f}-unit${err ? ` ${id}-${f}-err` : ''}`}
                  onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))}
                />
                <span id={`${id}-${f}-unit`} className="muted small">
                  {info.unit}
                  {info.hint ? ` · ${info.hint}` : ''}
                </span>
                {(draft[f] ?? '') !== '' && (
                  <button type="button" className="button loss-small" onClick={() => setDraft((d) => ({ ...d, [f]: '' }))} aria-label={`Clear ${info.label} (take ${wider}’s value)`}>
                    Clear
                  </button>
                )}
              </div>
              {err && (
                <p id={`${id}-${f}-err`} className="inv-field-error" role="alert">
                  {err}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {fields.length > 0 && (
        <div className="loss-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : `Save ${scopeLabel(scope, answer.stores)}`}
          </button>
          {saved && !save.isPending && (
            <span className="admin-ok" role="status">
              Saved: the rules use it from their next evaluation.
            </span>
          )}
          {formError && (
            <span className="error small" role="alert">
              {formError}
            </span>
          )}
        </div>
      )}
    </form>
  );
}
