import type { Principal, Role } from '../auth/principal';

/**
 * Who may see loss-prevention data (exception metrics per cashier, and later risk scores,
 * rules and receipt journals): the fraud / loss-prevention analyst and the admin, chain-wide.
 * A store manager never does, not even for its own stores (its cashiers' risk is not its
 * business: investigations run from HQ), nor a merchandiser. One policy for every loss route,
 * page (server/web/page-access.ts `loss`) and, later, socket room.
 */
export const LOSS_ROLES: readonly Role[] = ['fraud_analyst', 'admin'];

export const mayInvestigate = (p: Principal): boolean => LOSS_ROLES.includes(p.role);
