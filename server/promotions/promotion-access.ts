import { isHqRole, type Principal } from '../auth/principal';

/**
 * Who may do what with promotions (issue 9): HQ roles see them (merchandisers, fraud analysts,
 * admins); merchandisers and admins author, publish and withdraw them. A store manager does
 * neither: a promotion is HQ's, the tills apply it.
 */
export const maySeePromotions = (p: Principal): boolean => isHqRole(p.role);
export const mayAuthorPromotions = (p: Principal): boolean => p.role === 'merchandiser' || p.role === 'admin';
