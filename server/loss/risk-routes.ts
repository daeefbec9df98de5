import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import { readJsonBody } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { parseQuery } from '../kpis/kpi-query';
import { createLossGuard } from './loss-guard';
import { parseWeightsBody, riskQuerySchema } from './risk-input';
import { WeightsConflict, type RiskService } from './risk-service';

/** GET /api/v1/loss/risk, GET and PUT /api/v1/loss/risk/weights (risk-openapi.ts describes every answer). */
export interface RiskRoutes {
  ranking: (request: Request) => Promise<Response>;
  weights: (request: Request) => Promise<Response>;
  putWeights: (request: Request) => Promise<Response>;
}

/**
 * Origin first for the PUT (nothing else is looked at for a forged request); then signed in
 * (401); then the role: fraud analysts and admins see the ranking and the weights, only an
 * admin stores weights (403 for anyone else, before the body is read: loss-access.ts); then
 * the parameters or the body (400 naming the first wrong one); an unknown store or region is
 * a 404; weights edited from a version that is no longer in force, 409; Redis or ClickHouse
 * not answering is the KPI routes' 503.
 */
export function createRiskRoutes(d: { service: RiskService; requirePrincipal: (request: Request) => Promise<Principal | Response>; log: Logger }): RiskRoutes {
  const guarded = createLossGuard({
    requirePrincipal: d.requirePrincipal,
    log: d.log,
    area: 'loss risk',
    refusal: 'loss prevention: only fraud analysts and admins see risk scores',
    answerError: (err) =>
      err instanceof WeightsConflict ? authAnswers.conflict(`the weights were edited from an older version: version ${err.current} is in force now; reload and edit that`) : null,
  });
  const adminOnly = (p: Principal) => `only an admin sets the risk weights; ${p.username} is a ${p.role}`;

  return {
    ranking: (request) =>
      guarded(request, 'ranking', async (_p, url) => {
        const q = parseQuery(riskQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        return d.service.ranking(q.value);
      }),
    weights: (request) => guarded(request, 'weights', () => d.service.weights()),
    putWeights: (request) =>
      guarded(
        request,
        'set weights',
        async (p) => {
          const body = await readJsonBody(request);
          if (!body.ok) return body.response;
          const answer = await d.service.putWeights(parseWeightsBody(body.value), p.username);
          d.log.info({ by: p.username, version: answer.current.version }, 'loss risk: weights stored');
          return answer;
        },
        { adminOnly },
      ),
  };
}
