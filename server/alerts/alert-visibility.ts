import type { Alert, AlertKind } from '../../lib/alerts/alert-model';
import { canSeeStore } from '../auth/access';
import type { Principal, Role } from '../auth/principal';

/** The kinds each role sees (issue 10: store managers their stores' stock, revenue and offline alerts; fraud analysts the loss rules' hits). */
export const KINDS_BY_ROLE: Record<Role, readonly AlertKind[]> = {
  store_manager: ['low_stock', 'revenue_below', 'store_offline'],
  fraud_analyst: ['loss_rule'],
  merchandiser: ['low_stock', 'revenue_below'],
  admin: ['low_stock', 'loss_rule', 'store_offline', 'revenue_below'],
};

/** Whether the principal may see (and so acknowledge or resolve) the alert: its kind for the role, its store in the scope. */
export function maySeeAlert(p: Principal, a: Pick<Alert, 'kind' | 'subject'>): boolean {
  return KINDS_BY_ROLE[p.role].includes(a.kind) && canSeeStore(p, a.subject.storeId);
}
