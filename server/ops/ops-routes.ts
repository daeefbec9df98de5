import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { opsMetrics } from './ops-metrics';
import type { OpsService } from './ops-service';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus-text';

/** GET /api/v1/ops and GET /api/metrics (ops-openapi.ts describes every answer). */
export interface OpsRoutes {
  ops: (request: Request) => Promise<Response>;
  metrics: (request: Request) => Promise<Response>;
}

/** The operations view and the metrics: admins only. */
export const mayOperate = (p: Principal): boolean => p.role === 'admin';

const unavailable = () =>
  authAnswers.json(503, { error: 'unavailable', message: 'Redis did not answer; retry later', retryAfterSeconds: 5 }, { 'retry-after': '5' });

/** The same bytes, compared in constant time. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Both routes: a session first (401 without, 403 unless admin). `/api/metrics` also takes
 * `Authorization: Bearer <METRICS_TOKEN>` when that token is configured, for a Prometheus
 * scraper; a bearer that does not match is a 401 (never checked against a session). The
 * token is never logged.
 */
export function createOpsRoutes(d: { service: OpsService; requirePrincipal: (request: Request) => Promise<Principal | Response>; metricsToken?: string; log: Logger }): OpsRoutes {
  async function admit(request: Request): Promise<Response | null> {
    const p = await d.requirePrincipal(request);
    if (p instanceof Response) return p;
    return mayOperate(p) ? null : authAnswers.forbidden('the operations view is for admins');
  }
  return {
    async ops(request) {
      const refused = await admit(request);
      if (refused) return refused;
      try {
        return authAnswers.json(200, await d.service.snapshot());
      } catch (err) {
        d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'operations snapshot failed');
        return unavailable();
      }
    },
    async metrics(request) {
      const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
      if (bearer !== undefined) {
        if (!d.metricsToken || !sameToken(bearer, d.metricsToken)) {
          return authAnswers.json(401, { error: 'unauthenticated', message: 'the bearer token is not the metrics token (METRICS_TOKEN)' }, { 'www-authenticate': 'Bearer' });
        }
      } else {
        const refused = await admit(request);
        if (refused) return refused;
      }
      try {
        const text = renderPrometheus(opsMetrics(await d.service.snapshot()));
        return new Response(text, { status: 200, headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' } });
      } catch (err) {
        d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'metrics snapshot failed');
        return unavailable();
      }
    },
  };
}
