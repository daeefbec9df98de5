import type { Thresholds } from '@/lib/alerts/alert-thresholds';
import type { ThresholdField, ThresholdsAnswer } from './alerts-api';

/**
 * The thresholds form, pure: labels and units, which fields a scope may hold, what a scope
 * inherits from the wider one, and the PATCH body from what was typed (only what changed; an
 * emptied field is null: the wider scope's value applies again).
 */
export const FIELD_INFO: Record<ThresholdField, { label: string; unit: string; hint?: string }> = {
  offlineAfterMinutes: { label: 'Store offline after', unit: 'min' },
  revenueBelowPerHour: { label: 'Revenue below', unit: '€ per hour', hint: '0 = off' },
  revenueBelowPctOfLastWeek: { label: 'Revenue below last week', unit: '% of the same hour', hint: '0 = off' },
  revenueJudgedFromMinute: { label: 'Judge revenue from', unit: 'minute of the hour' },
  tillGapMinutes: { label: 'Till gap open for', unit: 'min' },
  dlqPerMinute: { label: 'Dead letters above', unit: 'per min (5-min average)', hint: '0 = off' },
  consumerLagAbove: { label: 'Consumer lag above', unit: 'messages', hint: '0 = off' },
};
export const FIELD_ORDER = Object.keys(FIELD_INFO) as ThresholdField[];
/** The pipeline's thresholds: the chain's only (lib/alerts/alert-thresholds.ts CHAIN_ONLY_FIELDS). */
export const CHAIN_ONLY: readonly ThresholdField[] = ['dlqPerMinute', 'consumerLagAbove'];

/** "Chain", "Region North", "Store S003 · Centro". */
export function scopeLabel(scope: string, stores: ThresholdsAnswer['stores'] = []): string {
  if (scope === 'chain') return 'Chain';
  if (scope.startsWith('region:')) return `Region ${scope.slice('region:'.length)}`;
  if (scope.startsWith('store:')) {
    const id = scope.slice('store:'.length);
    const name = stores.find((s) => s.storeId === id)?.name;
    return `Store ${id}${name ? ` · ${name}` : ''}`;
  }
  return scope;
}

/** The fields a scope may hold that the caller may set. */
export function fieldsFor(scope: string, may: ThresholdField[]): ThresholdField[] {
  return FIELD_ORDER.filter((f) => may.includes(f) && (scope === 'chain' || !CHAIN_ONLY.includes(f)));
}

const settingOf = (a: ThresholdsAnswer, scope: string): Partial<Thresholds> => a.settings.find((s) => s.scope === scope)?.values ?? {};

/** What a scope inherits when it sets nothing: the defaults (chain), the chain's (region), the chain's and the region's (store). */
export function inheritedFor(a: ThresholdsAnswer, scope: string): Thresholds {
  if (scope === 'chain') return a.defaults;
  if (scope.startsWith('region:')) return a.chain;
  const store = a.stores.find((s) => `store:${s.storeId}` === scope);
  return { ...a.chain, ...(store ? settingOf(a, `region:${store.region}`) : {}) };
}

/** The scope's own setting as the form's text. */
export function draftOf(a: ThresholdsAnswer, scope: string): Partial<Record<ThresholdField, string>> {
  const values = settingOf(a, scope);
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined ? '' : String(v)]));
}

/**
 * The PATCH's `set` from the stored setting and the text typed: a changed number as a number, an
 * emptied field as null, untouched fields left out; text that is no number is an error at its field.
 */
export function changesOf(stored: Partial<Thresholds>, draft: Partial<Record<ThresholdField, string>>, fields: readonly ThresholdField[]): { set: Partial<Record<ThresholdField, number | null>>; errors: Partial<Record<ThresholdField, string>> } {
  const set: Partial<Record<ThresholdField, number | null>> = {};
  const errors: Partial<Record<ThresholdField, string>> = {};
  for (const f of fields) {
    const text = (draft[f] ?? '').trim().replace(',', '.');
    const before = stored[f];
    if (text === '') {
      if (before !== undefined) set[f] = null;
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) errors[f] = 'a number, please';
    else if (n !== before) set[f] = n;
  }
  return { set, errors };
}

/** The form field a 400 is about: `set.offlineAfterMinutes` → `offlineAfterMinutes`. */
export function fieldOfError(field: string | undefined): ThresholdField | undefined {
  const f = field?.replace(/^set\./, '').split('.')[0];
  return f && (FIELD_ORDER as string[]).includes(f) ? (f as ThresholdField) : undefined;
}
