import { canSeeChain, canSeeStore, visibleStores } from '../auth/access';
import type { Principal } from '../auth/principal';
import type { ScopeGroup } from './kpi-types';
import type { StoreInfo } from './store-directory';

export type { Channel } from '../../lib/kpis/compute-kpis';

export interface ScopeQuery {
  storeId?: string;
  region?: string;
}

export interface ResolvedScope {
  /** What the answer says it covers. */
  level: 'chain' | 'region' | 'stores' | 'store';
  stores: string[];
  groups: ScopeGroup[];
  /** The stores' currency, or null when they differ. */
  currency: string | null;
}

export class ScopeError extends Error {
  constructor(
    readonly status: 403 | 404 | 400,
    message: string,
  ) {
    super(message);
  }
}

function byTimezone(stores: StoreInfo[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of stores) {
    const l = out.get(s.timezone) ?? [];
    l.push(s.storeId);
    out.set(s.timezone, l);
  }
  return out;
}

/**
 * What a KPI question covers, checked against who asks (design: security): one store
 * (any role that may see it), a region or the chain (HQ roles), or, when a store manager
 * names neither, the stores they manage. The answer is split by timezone, because "today"
 * is each store's own local day.
 *
 * Access is checked before existence, so the answers tell a caller nothing about stores
 * it may not see: a store it may not see is 403 whether the master data knows it or not
 * (a store manager cannot probe for store ids), and so is any region for a store manager;
 * only a caller who could see it learns that a store or region does not exist (404).
 */
export function resolveScope(q: ScopeQuery, p: Principal, all: Map<string, StoreInfo>, hqTimezone: string): ResolvedScope {
  const known = [...all.keys()];
  const currencyOf = (ids: string[]) => {
    const c = new Set(ids.map((id) => all.get(id)!.currency));
    return c.size === 1 ? [...c][0]! : null;
  };
  if (q.storeId !== undefined) {
    if (!canSeeStore(p, q.storeId)) throw new ScopeError(403, `storeId: you may not see store ${q.storeId}`);
    const s = all.get(q.storeId);
    if (!s) throw new ScopeError(404, `storeId: no store ${q.storeId} in the master data`);
    if (q.region !== undefined && s.region !== q.region) throw new ScopeError(400, `storeId: store ${s.storeId} is not in region ${q.region}`);
    const group: ScopeGroup = { level: 'location', timezone: s.timezone, locations: [s.storeId], otherLocations: false, knownStores: known };
    return { level: 'store', stores: [s.storeId], groups: [group], currency: s.currency };
  }
  if (q.region !== undefined) {
    if (!canSeeChain(p)) throw new ScopeError(403, 'region: only HQ roles see a region; ask for one of your stores with storeId');
    const stores = [...all.values()].filter((s) => s.region === q.region);
    if (stores.length === 0) throw new ScopeError(404, `region: no store in region ${q.region}`);
    const groups = [...byTimezone(stores)].map(([timezone, locations]): ScopeGroup => ({ level: 'region', region: q.region, timezone, locations, otherLocations: false, knownStores: known }));
    return { level: 'region', stores: stores.map((s) => s.storeId), groups, currency: currencyOf(stores.map((s) => s.storeId)) };
  }
  if (!canSeeChain(p)) {
    const mine = visibleStores(p, known);
    const groups = mine.map((id): ScopeGroup => ({ level: 'location', timezone: all.get(id)!.timezone, locations: [id], otherLocations: false, knownStores: known }));
    return { level: 'stores', stores: mine, groups, currency: currencyOf(mine) };
  }
  const zones = byTimezone([...all.values()]);
  if (!zones.has(hqTimezone)) zones.set(hqTimezone, []);
  const groups = [...zones].map(([timezone, locations]): ScopeGroup => ({ level: 'chain', timezone, locations, otherLocations: timezone === hqTimezone, knownStores: known }));
  return { level: 'chain', stores: known, groups, currency: currencyOf(known) };
}
