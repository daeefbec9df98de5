import { mayActAt, mayUseInventory } from './inventory-access';

/**
 * Who may hold stock for an order: the inventory's one policy (inventory-access.ts).
 * Admin and merchandiser anywhere (web orders are fulfilled from any store or warehouse);
 * a store manager at its own stores only; a fraud analyst not at all: it investigates
 * sales, it does not make them.
 */

/** May this principal use the reservation routes at all? */
export const mayHandleReservations = mayUseInventory;

/** May it reserve at (or see and release reservations of) this location? */
export const mayReserveAt = mayActAt;
