import type { Redis } from 'ioredis';
import { chainThresholds, createThresholdStore, DEFAULT_THRESHOLDS, thresholdsFor, thresholdsSchema, type ThresholdScope } from '../../lib/alerts/alert-thresholds';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { Logger } from '../../lib/log';
import { readStores } from '../../lib/stores/read-stores';
import { authAnswers } from '../auth/answers';
import { checkOrigin, readJsonBody } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { FIELDS_BY_ROLE, chainOnlyAt, refusal, settableScopes, visibleScopes } from './threshold-access';
import { thresholdPatchSchema, type ThresholdsAnswer } from './threshold-answers';

/** GET and PATCH /api/v1/alerts/thresholds (alert-openapi.ts describes every answer). */
export interface ThresholdRoutes {
  get: (request: Request) => Promise<Response>;
  patch: (request: Request) => Promise<Response>;
}

const unavailable = () =>
  authAnswers.json(503, { error: 'unavailable', message: 'Redis did not answer; retry later', retryAfterSeconds: 5 }, { 'retry-after': '5' });

/** `chain`, `region:<a region of a store>` or `store:<a store>`: the scope, or null when it names nothing known. */
function parseScope(raw: string, stores: StoreInfo[]): ThresholdScope | null {
  if (raw === 'chain') return 'chain';
  if (raw.startsWith('region:') && stores.some((s) => `region:${s.region}` === raw)) return raw as ThresholdScope;
  if (raw.startsWith('store:') && stores.some((s) => `store:${s.storeId}` === raw)) return raw as ThresholdScope;
  return null;
}

/**
 * The alert rules' thresholds as data (lib/alerts/alert-thresholds.ts): read by every signed-in
 * user for its scopes, changed by the roles allowed to (threshold-access.ts), checked on the
 * server. The alerts role reads them on its next evaluation.
 */
export function createThresholdRoutes(d: { redis: Redis; requirePrincipal: (request: Request) => Promise<Principal | Response>; log: Logger }): ThresholdRoutes {
  const store = createThresholdStore(d.redis);
  const fail = (err: unknown) => {
    d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'alert thresholds request failed');
    return unavailable();
  };

  async function answer(p: Principal, stores: StoreInfo[]): Promise<ThresholdsAnswer> {
    const [all, changes] = await Promise.all([store.readAll(), store.readChanges()]);
    const scopes = visibleScopes(p, stores);
    const mine = stores.filter((s) => scopes.includes(`store:${s.storeId}`));
    return {
      defaults: DEFAULT_THRESHOLDS,
      chain: chainThresholds(all),
      settings: scopes
        .filter((s) => all.has(s) || changes.has(s))
        .map((scope) => ({ scope, values: all.get(scope) ?? {}, updatedBy: changes.get(scope)?.by ?? null, updatedAt: changes.get(scope)?.at ?? null })),
      stores: mine.map((s) => ({ storeId: s.storeId, name: s.name, region: s.region, thresholds: thresholdsFor(all, s) })),
      may: { scopes: settableScopes(p, stores), fields: [...FIELDS_BY_ROLE[p.role]] },
    };
  }

  const sortedStores = async () => [...(await readStores(d.redis)).values()].sort((a, b) => a.storeId.localeCompare(b.storeId));

  return {
    async get(request) {
      const p = await d.requirePrincipal(request);
      if (p instanceof Response) return p;
      try {
        return authAnswers.json(200, await answer(p, await sortedStores()));
      } catch (err) {
        return fail(err);
      }
    },
    async patch(request) {
      const refused = checkOrigin(request);
      if (refused) return refused;
      const p = await d.requirePrincipal(request);
      if (p instanceof Response) return p;
      const body = await readJsonBody(request);
      if (!body.ok) return body.response;
      const parsed = thresholdPatchSchema.safeParse(body.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return authAnswers.badRequest(issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
      }
      const { set } = parsed.data;
      const fields = Object.keys(set);
      if (fields.length === 0) return authAnswers.badRequest('set', 'name at least one field');
      for (const f of fields) {
        const rule = (thresholdsSchema.shape as Record<string, (typeof thresholdsSchema.shape)[keyof typeof thresholdsSchema.shape] | undefined>)[f];
        if (!rule) return authAnswers.badRequest(`set.${f}`, `not a threshold; one of ${Object.keys(thresholdsSchema.shape).join(', ')}`);
        if (set[f] === null) continue;
        const ok = rule.safeParse(set[f]);
        if (!ok.success) return authAnswers.badRequest(`set.${f}`, ok.error.issues[0]?.message ?? 'invalid');
      }
      try {
        const stores = await sortedStores();
        const scope = parseScope(parsed.data.scope, stores);
        if (!scope) return authAnswers.badRequest('scope', `${JSON.stringify(parsed.data.scope.slice(0, 100))} is not chain, region:<a region> or store:<a store>`);
        const chainOnly = chainOnlyAt(scope, fields);
        if (chainOnly) return authAnswers.badRequest(`set.${chainOnly}`, 'a pipeline threshold is set for the whole chain only (scope chain)');
        const why = refusal(p, stores, scope, fields);
        if (why) return authAnswers.forbidden(why);
        await store.patch(scope, set, { by: p.username, at: new Date().toISOString() });
        d.log.info({ scope, fields, by: p.username }, 'alert thresholds changed');
        return authAnswers.json(200, await answer(p, stores));
      } catch (err) {
        return fail(err);
      }
    },
  };
}
