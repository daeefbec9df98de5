/**
 * Who is asking, as every server-side check sees it. `store_manager` is scoped to a list
 * of stores; the three HQ roles see every store (`stores: 'all'`).
 */
export const ROLES = ['store_manager', 'merchandiser', 'fraud_analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that work for the whole chain. */
export const HQ_ROLES: readonly Role[] = ['merchandiser', 'fraud_analyst', 'admin'];

export const isHqRole = (role: Role): boolean => HQ_ROLES.includes(role);

export interface Principal {
  userId: string;
  username: string;
  role: Role;
  stores: string[] | 'all';
}
