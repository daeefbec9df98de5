import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { parseQuery } from '../kpis/kpi-query';
import { cashierIdSchema, cashierQuerySchema, exceptionsQuerySchema } from './exceptions-query';
import type { ExceptionsService } from './exceptions-service';
import { createLossGuard } from './loss-guard';

/** GET /api/v1/loss/exceptions and /api/v1/loss/cashiers/{cashierId}/exceptions (loss-openapi.ts describes every answer). */
export interface LossRoutes {
  exceptions: (request: Request) => Promise<Response>;
  cashierExceptions: (request: Request, cashierId: string) => Promise<Response>;
}

/**
 * Signed in first (401); then the role (403 for a store manager or a merchandiser, before
 * anything is read or even the parameters are judged: loss-access.ts); then the parameters
 * (400 naming the first wrong one); an unknown store or region is a 404; Redis or ClickHouse
 * not answering is the KPI routes' 503.
 */
export function createLossRoutes(d: { service: ExceptionsService; requirePrincipal: (request: Request) => Promise<Principal | Response>; log: Logger }): LossRoutes {
  const guard = createLossGuard({
    requirePrincipal: d.requirePrincipal,
    log: d.log,
    area: 'loss',
    refusal: 'loss prevention: only fraud analysts and admins see exception metrics',
  });
  const guarded = (request: Request, what: string, work: (url: URL) => unknown) => guard(request, what, (_p, url) => work(url));

  return {
    exceptions: (request) =>
      guarded(request, 'exceptions', (url) => {
        const q = parseQuery(exceptionsQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        return d.service.exceptions(q.value);
      }),
    cashierExceptions: (request, rawCashierId) =>
      guarded(request, 'cashier exceptions', (url) => {
        const id = cashierIdSchema.safeParse(rawCashierId);
        if (!id.success) return authAnswers.badRequest('cashierId', id.error.issues[0]!.message);
        const q = parseQuery(cashierQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        return d.service.cashier(id.data, q.value);
      }),
  };
}
