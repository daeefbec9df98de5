import { id } from '../../lib/contract/fields';
import type { Logger } from '../../lib/log';
import { canSeeStore } from '../auth/access';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { unavailable } from '../kpis/kpi-routes';
import type { StoreActivityService } from './activity-service';

/** GET /api/v1/stores/{storeId}/activity (activity-openapi.ts describes every answer). */
export interface StoreActivityRoutes {
  activity: (request: Request, storeId: string) => Promise<Response>;
}

/** A store id by the event contract's rules (`storeId` of the envelope). */
export const storeIdSchema = id(32);

/**
 * Signed in first (401); then the path's store id (400 naming `storeId`) and no query
 * parameter (400 naming the first one); then whether the caller may see the store (403,
 * before anything is read of it: a store manager learns nothing of other stores, not even
 * whether they exist); an unknown store is a 404. Redis or ClickHouse not answering is the
 * KPI routes' 503.
 */
export function createStoreActivityRoutes(d: {
  service: StoreActivityService;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
}): StoreActivityRoutes {
  return {
    async activity(request, rawStoreId) {
      const p = await d.requirePrincipal(request);
      if (p instanceof Response) return p;
      const parsed = storeIdSchema.safeParse(rawStoreId);
      if (!parsed.success) return authAnswers.badRequest('storeId', parsed.error.issues[0]!.message);
      const storeId = parsed.data;
      const unknown = [...new URL(request.url).searchParams.keys()][0];
      if (unknown !== undefined) return authAnswers.badRequest(unknown.slice(0, 100), 'unknown parameter (this route takes none)');
      if (!canSeeStore(p, storeId)) return authAnswers.forbidden(`storeId: you may not see store ${storeId}`);
      try {
        const answer = await d.service.activity(storeId);
        return answer ? authAnswers.json(200, answer) : authAnswers.notFound(`storeId: no store ${storeId} in the master data`);
      } catch (err) {
        d.log.warn({ err: err instanceof Error ? err.message : String(err), storeId }, 'store activity failed');
        return unavailable();
      }
    },
  };
}
