import type { Alert } from '../../lib/alerts/alert-model';
import type { AlertStore } from '../../lib/alerts/alert-store';
import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import { checkOrigin } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { alertQuerySchema, type AlertQuery } from './alert-answers';
import { maySeeAlert } from './alert-visibility';

/** GET /api/v1/alerts, POST /api/v1/alerts/{id}/acknowledge and /resolve (alert-openapi.ts describes every answer). */
export interface AlertRoutes {
  list: (request: Request) => Promise<Response>;
  acknowledge: (request: Request, id: string) => Promise<Response>;
  resolve: (request: Request, id: string) => Promise<Response>;
}

const unavailable = () =>
  authAnswers.json(503, { error: 'unavailable', message: 'Redis did not answer; retry later', retryAfterSeconds: 5 }, { 'retry-after': '5' });

/** Whether an alert passes the query's filters. */
export function matchesQuery(a: Alert, q: AlertQuery): boolean {
  return (!q.state || q.state.includes(a.state)) && (!q.kind || q.kind.includes(a.kind)) && (!q.severity || q.severity.includes(a.severity)) && (!q.storeId || a.subject.storeId === q.storeId);
}

/**
 * Every route: a session (401), then only alerts the role and store scope allow
 * (alert-visibility.ts). An alert the caller may not see is answered like one that does not
 * exist (404), so its existence does not leak. Changes check the Origin first.
 */
export function createAlertRoutes(d: { alerts: AlertStore; requirePrincipal: (request: Request) => Promise<Principal | Response>; log: Logger; now?: () => number }): AlertRoutes {
  const now = d.now ?? Date.now;
  const fail = (err: unknown) => {
    d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'alerts request failed');
    return unavailable();
  };

  async function change(request: Request, id: string, op: 'acknowledge' | 'resolve'): Promise<Response> {
    const refused = checkOrigin(request);
    if (refused) return refused;
    const p = await d.requirePrincipal(request);
    if (p instanceof Response) return p;
    try {
      const a = await d.alerts.get(id);
      if (!a || !maySeeAlert(p, a)) return authAnswers.notFound(`no alert ${JSON.stringify(id.slice(0, 200))}`);
      if (op === 'acknowledge' && a.state === 'resolved') return authAnswers.conflict('the alert is resolved already');
      const changed = await d.alerts[op](id, p.username);
      return authAnswers.json(200, { alert: changed ?? (await d.alerts.get(id)) ?? a });
    } catch (err) {
      return fail(err);
    }
  }

  return {
    async list(request) {
      const p = await d.requirePrincipal(request);
      if (p instanceof Response) return p;
      const params = Object.fromEntries(new URL(request.url).searchParams);
      const q = alertQuerySchema.safeParse(params);
      if (!q.success) {
        const issue = q.error.issues[0];
        return authAnswers.badRequest(String(issue?.path[0] ?? ''), issue?.message ?? 'invalid');
      }
      try {
        const visible = (await d.alerts.list()).filter((a) => maySeeAlert(p, a) && matchesQuery(a, { ...q.data, state: undefined }));
        const open = visible.filter((a) => a.state === 'open');
        const alerts = q.data.state ? visible.filter((a) => q.data.state!.includes(a.state)) : visible;
        return authAnswers.json(200, {
          alerts: alerts.slice(0, q.data.limit),
          total: alerts.length,
          counts: { open: open.length, critical: open.filter((a) => a.severity === 'critical').length },
          generatedAt: new Date(now()).toISOString(),
        });
      } catch (err) {
        return fail(err);
      }
    },
    acknowledge: (request, id) => change(request, id, 'acknowledge'),
    resolve: (request, id) => change(request, id, 'resolve'),
  };
}
