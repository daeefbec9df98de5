import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { visibleStores } from '../auth/access';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { leagueQuerySchema, perHourQuerySchema, topQuerySchema } from './dashboard-query';
import type { DashboardService } from './dashboard-service';
import { kpiQuerySchema, parseQuery, perMinuteQuerySchema } from './kpi-query';
import type { KpiService } from './kpi-service';
import { ScopeError } from './resolve-scope';
import type { StoreInfo } from './store-directory';
import { readStoreStates } from './store-freshness';

/** GET /api/v1/kpis, /api/v1/sales/per-minute and /api/v1/stores (server/kpis/kpi-openapi.ts describes them). */
export interface KpiRoutes {
  kpis: (request: Request) => Promise<Response>;
  perMinute: (request: Request) => Promise<Response>;
  stores: (request: Request) => Promise<Response>;
  /** GET /api/v1/kpis/top, /api/v1/kpis/stores, /api/v1/sales/per-hour (dashboard-service.ts). */
  top: (request: Request) => Promise<Response>;
  league: (request: Request) => Promise<Response>;
  perHour: (request: Request) => Promise<Response>;
}

/** The 503 of every KPI route (and of the store activity, server/stores/): Redis or ClickHouse did not answer. */
export const unavailable = () =>
  Response.json(
    { error: 'unavailable', message: 'Redis or ClickHouse did not answer; retry later', retryAfterSeconds: 5 },
    { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '5' } },
  );

export function createKpiRoutes(d: {
  service: KpiService;
  dashboard: DashboardService;
  redis: Redis;
  stores: () => Promise<Map<string, StoreInfo>>;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
  now?: () => number;
}): KpiRoutes {
  const now = d.now ?? Date.now;

  /** Signed in first, then the work; a scope problem is its answer, a dependency failure a 503. */
  async function guarded(request: Request, what: string, work: (p: Principal) => Promise<unknown>): Promise<Response> {
    const p = await d.requirePrincipal(request);
    if (p instanceof Response) return p;
    try {
      return authAnswers.json(200, await work(p));
    } catch (err) {
      if (err instanceof ScopeError) {
        const field = err.message.split(':')[0]!;
        if (err.status === 400) return authAnswers.badRequest(field, err.message.slice(field.length + 2));
        return err.status === 403 ? authAnswers.forbidden(err.message) : authAnswers.notFound(err.message);
      }
      if (err instanceof BadQuery) return authAnswers.badRequest(err.field, err.problem);
      d.log.warn({ err: err instanceof Error ? err.message : String(err) }, `kpis: ${what} failed`);
      return unavailable();
    }
  }

  /** The query of a request by a strict schema, or a 400 naming the parameter as it was sent. */
  const query = <T>(schema: Parameters<typeof parseQuery<T>>[0], request: Request): T => {
    const q = parseQuery(schema, new URL(request.url));
    if (!q.ok) throw new BadQuery(q.field, q.message);
    return q.value;
  };

  return {
    kpis: (request) => guarded(request, 'kpis', (p) => d.service.kpis(p, query(kpiQuerySchema, request))),
    perMinute: (request) => guarded(request, 'sales per minute', (p) => d.service.perMinute(p, query(perMinuteQuerySchema, request))),
    top: (request) => guarded(request, 'top', (p) => d.dashboard.top(p, query(topQuerySchema, request))),
    league: (request) => guarded(request, 'league', (p) => d.dashboard.league(p, query(leagueQuerySchema, request))),
    perHour: (request) => guarded(request, 'sales per hour', (p) => d.dashboard.perHour(p, query(perHourQuerySchema, request))),
    stores: (request) =>
      guarded(request, 'stores', async (p) => {
        const url = new URL(request.url);
        if ([...url.searchParams.keys()].length > 0) throw new BadQuery([...url.searchParams.keys()][0]!, 'unknown parameter (this route takes none)');
        const all = await d.stores();
        const mine = visibleStores(p, [...all.keys()]).map((id) => all.get(id)!);
        const t = now();
        return { stores: await readStoreStates(d.redis, mine, t), generatedAt: new Date(t).toISOString() };
      }),
  };
}

class BadQuery extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
