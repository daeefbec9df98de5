import { canSeeStore } from '../auth/access';
import type { Principal, Role } from '../auth/principal';

/**
 * Who may see and manage stock: admin and merchandiser at every location (stores and
 * warehouses: web orders are fulfilled from any of them); a store manager at its own stores
 * only; a fraud analyst nowhere: it investigates sales, it does not run the shelves. One
 * policy for every inventory route (reservations, stock, movements, alerts, thresholds).
 */
const ANYWHERE: readonly Role[] = ['admin', 'merchandiser'];
const SOMEWHERE: readonly Role[] = [...ANYWHERE, 'store_manager'];

/** May this principal use the inventory routes at all? */
export const mayUseInventory = (p: Principal): boolean => SOMEWHERE.includes(p.role);

/** May it see (and act on) the stock of this location? */
export const mayActAt = (p: Principal, locationId: string): boolean => mayUseInventory(p) && (ANYWHERE.includes(p.role) || canSeeStore(p, locationId));
