'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { Card, PanelState } from '@/components/dashboard/card';
import { ApiError, explainError } from '@/components/data/fetch-json';
import type { Rule } from '@/lib/loss/rules/rule-schema';
import { useStores } from '@/components/data/use-stores';
import { LiveIndicator } from '@/components/live/live-indicator';
import { LossAlertsPanel } from './loss-alerts-panel';
import { RulesBacktest } from './rules-backtest';
import type { StoredRule } from '@/lib/loss/rules/rule-answers';
import { useRuleChanges, useRules } from './rules-data';
import { ruleSummary } from './rules-summary';

/** The editable part of a rule: all but its id (the path's) and version (the store's). */
function editableJson(r: Rule): string {
  const { id: _id, version: _version, ...rest } = r;
  return JSON.stringify(rest, null, 2);
}

/** The loss rules (fraud analysts read and backtest them; an admin also enables, disables and edits them). */
export function RulesView({ isAdmin }: { isAdmin: boolean }) {
  const rules = useRules();
  const stores = useStores();
  const list = rules.data?.rules ?? [];
  const [editing, setEditing] = useState<{ ruleId: string; basedOn: number; text: string } | null>(null);

  return (
    <div className="dashboard" data-testid="loss-rules-page">
      <div className="dash-head">
        <div>
          <p className="loss-crumbs">
            <Link href="/loss">← Loss prevention</Link>
          </p>
          <h1>Loss rules</h1>
          <p className="muted small">Sequence and threshold rules evaluated live on every till; try one on history before switching it on.</p>
        </div>
        <LiveIndicator />
      </div>
      <Card title="Rules" window="in force" testId="rules-table-card">
        <PanelState pending={rules.isPending} error={rules.error ? explainError(rules.error, 'the loss rules') : null} empty={list.length === 0 ? 'No rules are defined.' : null}>
          <div className="table-wrap">
            <table className="data-table loss-table rules-table" data-testid="rules-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Kind</th>
                  <th>Version</th>
                  <th>Enabled</th>
                  <th>What it matches</th>
                  {isAdmin && <th>Change</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <RuleRow key={s.rule.id} s={s} isAdmin={isAdmin} onEdit={() => setEditing({ ruleId: s.rule.id, basedOn: s.rule.version, text: editableJson(s.rule) })} />
                ))}
              </tbody>
            </table>
          </div>
        </PanelState>
      </Card>
      {isAdmin && editing && <RuleEditor key={`${editing.ruleId}-${editing.basedOn}`} editing={editing} onChange={(text) => setEditing({ ...editing, text })} onClose={() => setEditing(null)} onReloaded={(s) => setEditing({ ruleId: s.rule.id, basedOn: s.rule.version, text: editableJson(s.rule) })} list={list} />}
      <RulesBacktest rules={list.map((s) => s.rule)} draft={editing ? { ruleId: editing.ruleId, text: editing.text } : null} />
      <LossAlertsPanel scope={{}} stores={stores.data?.stores ?? []} title="Recent alerts" />
    </div>
  );
}

function RuleRow({ s, isAdmin, onEdit }: { s: StoredRule; isAdmin: boolean; onEdit: () => void }) {
  const { setEnabled } = useRuleChanges();
  const r = s.rule;
  const failed = setEnabled.error && setEnabled.variables?.ruleId === r.id ? explainError(setEnabled.error, `rule ${r.id}`) : null;
  return (
    <tr data-testid={`rule-${r.id}`}>
      <td>
        <strong>{r.name}</strong>
        <div className="muted small">
          {r.id} · {r.severity}
        </div>
      </td>
      <td>{r.kind}</td>
      <td data-testid="rule-version">v{r.version}</td>
      <td data-testid="rule-enabled">{r.enabled ? 'on' : 'off'}</td>
      <td>{ruleSummary(r)}</td>
      {isAdmin && (
        <td>
          <div className="loss-actions">
            <button type="button" className="button loss-small" disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ ruleId: r.id, enabled: !r.enabled })}>
              {r.enabled ? 'Disable' : 'Enable'}
            </button>
            <button type="button" className="button loss-small" onClick={onEdit}>
              Edit
            </button>
          </div>
          {failed && (
            <p className="error small" role="alert">
              {failed}
            </p>
          )}
        </td>
      )}
    </tr>
  );
}

function RuleEditor({ editing, onChange, onClose, onReloaded, list }: { editing: { ruleId: string; basedOn: number; text: string }; onChange: (t: string) => void; onClose: () => void; onReloaded: (s: StoredRule) => void; list: StoredRule[] }) {
  const id = useId();
  const { save, reload } = useRuleChanges();
  const [parseError, setParseError] = useState<string | null>(null);
  const err = save.error;
  const conflict = err instanceof ApiError && err.status === 409;
  const badField = err instanceof ApiError && err.status === 400 ? err : null;

  function submit() {
    let rule: unknown;
    try {
      rule = JSON.parse(editing.text);
    } catch (e) {
      setParseError(`Not JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setParseError(null);
    save.mutate({ ruleId: editing.ruleId, rule, basedOn: editing.basedOn }, { onSuccess: (s) => onReloaded(s) });
  }

  async function reloadLatest() {
    await reload();
    const res = await fetch(`/api/v1/loss/rules/${encodeURIComponent(editing.ruleId)}`, { cache: 'no-store' });
    if (res.ok) {
      save.reset();
      onReloaded((await res.json()) as StoredRule);
    }
  }

  const shown = list.find((s) => s.rule.id === editing.ruleId);
  return (
    <Card title={`Edit ${editing.ruleId}`} window={`based on version ${editing.basedOn}`} testId="rule-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={`${id}-json`} className="rules-label">
          Rule JSON (without id and version)
        </label>
        <textarea id={`${id}-json`} className="rules-json" rows={16} spellCheck={false} value={editing.text} onChange={(e) => onChange(e.target.value)} data-testid="rule-json" aria-invalid={!!(parseError || badField)} />
        {parseError && (
          <p className="error" role="alert">
            {parseError}
          </p>
        )}
        {badField && (
          <p className="error" role="alert" data-testid="rule-save-error">
            {badField.field ? <strong>{badField.field}: </strong> : null}
            {badField.message}
          </p>
        )}
        {conflict && (
          <p className="error" role="alert" data-testid="rule-conflict">
            Someone else saved this rule first ({err.message}).{' '}
            <button type="button" className="button loss-small" onClick={() => void reloadLatest()}>
              Reload the latest version
            </button>
          </p>
        )}
        {err && !conflict && !badField && (
          <p className="error" role="alert">
            {explainError(err, `rule ${editing.ruleId}`)}
          </p>
        )}
        {save.isSuccess && <p className="muted">Saved as version {save.data.rule.version}.</p>}
        <div className="loss-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button loss-small" onClick={onClose}>
            Close
          </button>
          {shown && shown.rule.version !== editing.basedOn && <span className="muted small">The list shows version {shown.rule.version}: saving may conflict.</span>}
        </div>
      </form>
    </Card>
  );
}
