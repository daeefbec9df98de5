import { ALERT_KINDS, type Alert, type AlertKind } from '../../lib/alerts/alert-model';
import { canSeeStore } from '../auth/access';
import type { Principal, Role } from '../auth/principal';

/** The kinds each role sees (issue 10: store managers their stores' stock, revenue and offline alerts; fraud analysts the loss rules' hits). */
export const KINDS_BY_ROLE: Record<Role, readonly AlertKind[]> = {
  // A till whose events stop coming in order (a sequence gap that stays open) is its store's to look at, like the store going quiet.
  store_manager: ['low_stock', 'revenue_below', 'store_offline', 'till_gap'],
  fraud_analyst: ['loss_rule'],
  merchandiser: ['low_stock', 'revenue_below'],
  admin: ALERT_KINDS,
};

/** Whether the principal may see (and so acknowledge or resolve) the alert: its kind for the role, its store in the scope. */
export function maySeeAlert(p: Principal, a: Pick<Alert, 'kind' | 'subject'>): boolean {
  if (!KINDS_BY_ROLE[p.role].includes(a.kind)) return false;
  // The pipeline's own alerts (dead letters, consumer lag) have no store: operations staff (admins) only.
  return a.subject.storeId === undefined ? p.role === 'admin' : canSeeStore(p, a.subject.storeId);
}
