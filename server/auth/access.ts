import { parseRoom } from '../../lib/live/rooms';
import { mayInvestigate } from '../loss/loss-access';
import { isHqRole, type Principal } from './principal';

/**
 * What a principal may see. Pure, so that every route handler, server-rendered page and
 * Socket.IO room join asks the same questions. Both the role and the store list are
 * checked: a store manager whose record somehow says `'all'` still sees only stores it
 * names, and an HQ role sees every store.
 */

export function canSeeStore(p: Principal, storeId: string): boolean {
  if (isHqRole(p.role)) return true;
  return Array.isArray(p.stores) && p.stores.includes(storeId);
}

/** Chain-wide (and region-wide) figures: HQ roles only. */
export function canSeeChain(p: Principal): boolean {
  return isHqRole(p.role);
}

/** The stores of `allStoreIds` the principal may see, in their order. */
export function visibleStores(p: Principal, allStoreIds: readonly string[]): string[] {
  return allStoreIds.filter((id) => canSeeStore(p, id));
}

/**
 * Rooms of lib/live/rooms.ts: `chain` and `region:<name>` for HQ roles, `store:<id>` for
 * whoever may see that store, `loss:store:<id>` (its rule hits) for whoever may see loss data
 * (fraud analysts and admins: never a store manager, not even of that store) and that store.
 * Any other name is refused.
 */
export function canJoinRoom(p: Principal, room: string): boolean {
  const parsed = parseRoom(room);
  if (!parsed) return false;
  switch (parsed.kind) {
    case 'chain':
    case 'region':
      return canSeeChain(p);
    case 'store':
      return canSeeStore(p, parsed.storeId);
    case 'loss-store':
      return mayInvestigate(p) && canSeeStore(p, parsed.storeId);
    case 'alerts':
      // Every signed-in user: the relay filters each alert by the socket's role and stores.
      return true;
  }
}
