import { CHAIN_ONLY_FIELDS, THRESHOLD_FIELDS, type ThresholdScope, type Thresholds } from '../../lib/alerts/alert-thresholds';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import { canSeeStore } from '../auth/access';
import type { Principal, Role } from '../auth/principal';

type Field = keyof Thresholds;
const REVENUE: Field[] = ['revenueBelowPerHour', 'revenueBelowPctOfLastWeek', 'revenueJudgedFromMinute'];
const STORE_OPS: Field[] = ['offlineAfterMinutes', 'tillGapMinutes'];

/**
 * Who sets which alert thresholds ("rules are data, set per chain, region or store by the roles
 * allowed to", issue 10): admins every field at every scope; merchandisers (HQ) the revenue rules
 * at every scope; store managers the revenue, offline and till gap rules of their own stores only;
 * fraud analysts none (their rules are the loss rules). The pipeline's fields are the chain's only.
 */
export const FIELDS_BY_ROLE: Record<Role, readonly Field[]> = {
  admin: THRESHOLD_FIELDS,
  merchandiser: REVENUE,
  store_manager: [...REVENUE, ...STORE_OPS],
  fraud_analyst: [],
};

/** The scopes whose settings the principal sees: the chain, the regions of its stores, its stores. */
export function visibleScopes(p: Principal, stores: StoreInfo[]): ThresholdScope[] {
  const mine = stores.filter((s) => canSeeStore(p, s.storeId));
  const regions = [...new Set(mine.map((s) => s.region))].sort();
  return ['chain', ...regions.map((r) => `region:${r}` as const), ...mine.map((s) => `store:${s.storeId}` as const)];
}

/** The scopes the principal may change: every visible one for HQ roles that set anything, a store manager's own stores. */
export function settableScopes(p: Principal, stores: StoreInfo[]): ThresholdScope[] {
  if (FIELDS_BY_ROLE[p.role].length === 0) return [];
  const scopes = visibleScopes(p, stores);
  return p.role === 'store_manager' ? scopes.filter((s) => s.startsWith('store:')) : scopes;
}

/** Why the principal may not set these fields at this scope, or null when it may. */
export function refusal(p: Principal, stores: StoreInfo[], scope: ThresholdScope, fields: string[]): string | null {
  if (!settableScopes(p, stores).includes(scope)) return `your role may not set thresholds of ${scope}`;
  const notMine = fields.filter((f) => !(FIELDS_BY_ROLE[p.role] as readonly string[]).includes(f));
  if (notMine.length) return `your role may not set ${notMine.join(', ')}`;
  return null;
}

/** A field only the chain may set, set at a region or store (a 400: no role may). */
export function chainOnlyAt(scope: ThresholdScope, fields: string[]): string | null {
  if (scope === 'chain') return null;
  return fields.find((f) => (CHAIN_ONLY_FIELDS as readonly string[]).includes(f)) ?? null;
}
