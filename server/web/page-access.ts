import { canSeeChain, canSeeStore } from '../auth/access';
import type { Principal } from '../auth/principal';
import { mayUseInventory } from '../inventory/inventory-access';
import { mayInvestigate } from '../loss/loss-access';
import { mayOperate } from '../ops/ops-routes';
import { mayAuthorPromotions, maySeePromotions } from '../promotions/promotion-access';

/**
 * What a server-rendered page asks before it shows anything: the same rules as the API
 * routes and the Socket.IO rooms (server/auth/access.ts, server/inventory/inventory-access.ts),
 * handed to app/ through the server context (app/ may not import server/ directly).
 */
export interface PageAccess {
  /** The chain overview and region figures: HQ roles. */
  overview: (p: Principal) => boolean;
  /** One store's page. */
  store: (p: Principal, storeId: string) => boolean;
  /** The inventory page: admin, merchandiser, store manager (its stores). */
  inventory: (p: Principal) => boolean;
  /** Users, roles and scopes: admin. */
  admin: (p: Principal) => boolean;
  /** Loss-prevention pages (exceptions, risk, receipt journals): fraud analyst and admin (server/loss/loss-access.ts). */
  loss: (p: Principal) => boolean;
  /** The promotion pages: HQ roles (server/promotions/promotion-access.ts). */
  promotions: (p: Principal) => boolean;
  /** The authoring controls on them (new, edit, publish, withdraw): merchandiser and admin. */
  promotionAuthoring: (p: Principal) => boolean;
  /** The operations view (workers, lag, dead letters, freshness, services): admin (server/ops/ops-routes.ts). */
  ops: (p: Principal) => boolean;
}

export const pageAccess: PageAccess = {
  overview: canSeeChain,
  store: canSeeStore,
  inventory: mayUseInventory,
  admin: (p) => p.role === 'admin',
  loss: mayInvestigate,
  promotions: maySeePromotions,
  promotionAuthoring: mayAuthorPromotions,
  ops: mayOperate,
};
