import { openAlert, type Alert, type RaisedAlert } from './alert-model';

/**
 * Every state change of an alert, pure: given what is stored, the change to write (or null:
 * nothing changes, so a replay or a repeated evaluation writes nothing).
 */
export interface Change {
  /** The alert as it will be stored. */
  alert: Alert;
  /** The version stored before (0: new). */
  expectedVersion: number;
  /** What the open-by-dedupe-key index gets: this alert's id, removed, or left. */
  open: 'set' | 'del' | 'keep';
  /** An alert id recorded as merged into `alert` (so that a replay of it is a no-op). */
  mergedId?: string;
}

const REPEAT_IDS_KEPT = 50;

const bump = (a: Alert, now: number, patch: Partial<Alert>): Alert => ({ ...a, ...patch, version: a.version + 1, updatedAt: now });

/**
 * A raised alert arrives (from the `alerts` topic or a condition rule). `byId`: the alert
 * stored under its id; `open`: the open alert of its dedupe key; `merged`: its id was
 * already merged into another. New, with one open for its condition: a repeat of that one.
 */
export function raise(r: RaisedAlert, s: { byId: Alert | null; open: Alert | null; merged: boolean }, now: number): Change | null {
  if (s.byId || s.merged) return null;
  if (s.open) {
    const repeatIds = [...s.open.repeatIds, r.id].slice(-REPEAT_IDS_KEPT);
    return { alert: bump(s.open, now, { repeats: s.open.repeats + 1, repeatIds }), expectedVersion: s.open.version, open: 'keep', mergedId: r.id };
  }
  return { alert: openAlert(r, now), expectedVersion: 0, open: 'set' };
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

/**
 * The condition of an open (or acknowledged) alert still holds, now graver (a lagging store gone
 * silent): the same alert takes the higher severity and the new evidence. Not graver: nothing.
 */
export function escalate(a: Alert | null, r: RaisedAlert, now: number): Change | null {
  if (!a || a.state === 'resolved' || RANK[r.severity] <= RANK[a.severity]) return null;
  return { alert: bump(a, now, { severity: r.severity, evidence: r.evidence }), expectedVersion: a.version, open: 'keep' };
}

/** The condition cleared (or the producer resolved it): resolved `auto`. */
export function resolveAuto(a: Alert | null, at: number, now: number): Change | null {
  if (!a || a.state === 'resolved') return null;
  return { alert: bump(a, now, { state: 'resolved', resolvedAt: at, resolvedBy: 'auto' }), expectedVersion: a.version, open: 'del' };
}

/** A person resolves it (a second time: nothing changes). */
export function resolveBy(a: Alert, who: string, now: number): Change | null {
  if (a.state === 'resolved') return null;
  return { alert: bump(a, now, { state: 'resolved', resolvedAt: now, resolvedBy: who }), expectedVersion: a.version, open: 'del' };
}

/** A person acknowledges an open alert; acknowledged or resolved already: nothing changes. */
export function acknowledge(a: Alert, who: string, now: number): Change | null {
  if (a.state !== 'open') return null;
  return { alert: bump(a, now, { state: 'acknowledged', acknowledgedBy: who, acknowledgedAt: now }), expectedVersion: a.version, open: 'keep' };
}

/** A resolution for an alert never seen open (e.g. a replay that starts after its opening): kept as history. */
export function resolvedUnseen(r: RaisedAlert, at: number, now: number): Change {
  const a = openAlert(r, now);
  return { alert: { ...a, state: 'resolved', resolvedAt: at, resolvedBy: 'auto' }, expectedVersion: 0, open: 'keep' };
}
