import { canSeeStore } from '../auth/access';
import type { Principal, Role } from '../auth/principal';

/**
 * Who may hold stock for an order. Admin and merchandiser anywhere (web orders are
 * fulfilled from any store or warehouse); a store manager at its own stores only; a
 * fraud analyst not at all: it investigates sales, it does not make them.
 */
const ANYWHERE: readonly Role[] = ['admin', 'merchandiser'];
const SOMEWHERE: readonly Role[] = [...ANYWHERE, 'store_manager'];

/** May this principal use the reservation routes at all? */
export const mayHandleReservations = (p: Principal): boolean => SOMEWHERE.includes(p.role);

/** May it reserve at (or see and release reservations of) this location? */
export const mayReserveAt = (p: Principal, locationId: string): boolean =>
  mayHandleReservations(p) && (ANYWHERE.includes(p.role) || canSeeStore(p, locationId));
