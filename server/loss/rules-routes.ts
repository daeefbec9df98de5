import type { Logger } from '../../lib/log';
import { ruleSchema, type Rule } from '../../lib/loss/rules/rule-schema';
import { authAnswers } from '../auth/answers';
import { readJsonBody } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { parseInput } from '../auth/user-input';
import { parseQuery } from '../kpis/kpi-query';
import { createLossGuard, type LossWork } from './loss-guard';
import type { AlertsReader } from './rules-alerts';
import { BacktestTooLarge, type Backtest } from './rules-backtest';
import { alertsQuerySchema, parseBacktestBody, putRuleBodySchema, ruleIdSchema } from './rules-input';
import { RuleConflict, type RuleStore } from './rules-store';

/**
 * GET /api/v1/loss/rules, GET|PUT /api/v1/loss/rules/{ruleId}, POST /rules/{ruleId}/enable and
 * /disable, POST /rules/backtest, GET /api/v1/loss/alerts (rules-openapi.ts describes every answer).
 */
export interface RuleRoutes {
  list: (request: Request) => Promise<Response>;
  get: (request: Request, ruleId: string) => Promise<Response>;
  put: (request: Request, ruleId: string) => Promise<Response>;
  enable: (request: Request, ruleId: string) => Promise<Response>;
  disable: (request: Request, ruleId: string) => Promise<Response>;
  backtest: (request: Request) => Promise<Response>;
  alerts: (request: Request) => Promise<Response>;
}

/**
 * Origin first for what changes something or runs a backtest (nothing else is looked at for a
 * forged request); then signed in (401); then the role: fraud analysts and admins see the rules
 * and their hits and run backtests, only an admin saves, enables or disables a rule (403 before
 * the body is read: loss-access.ts); then the parameters or the body (400 naming the first
 * wrong one); an unknown rule or store is a 404; a rule edited from a version no longer in
 * force, 409; Redis or ClickHouse not answering, the KPI routes' 503.
 */
export function createRuleRoutes(d: {
  store: RuleStore;
  backtest: Backtest;
  alerts: AlertsReader;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
  now?: () => number;
}): RuleRoutes {
  const now = d.now ?? Date.now;
  const guard = createLossGuard({
    requirePrincipal: d.requirePrincipal,
    log: d.log,
    area: 'loss rules',
    refusal: 'loss prevention: only fraud analysts and admins see the loss rules and their alerts',
    answerError: (err) =>
      err instanceof RuleConflict
        ? authAnswers.conflict(`the rule was edited from an older version: version ${err.current} is in force now; reload and edit that`)
        : err instanceof BacktestTooLarge
          ? authAnswers.badRequest('to', err.message)
          : null,
  });
  const adminOnly = (p: Principal) => `only an admin changes the loss rules; ${p.username} is a ${p.role}`;
  const guarded = (request: Request, what: string, o: { adminOnly: boolean }, work: LossWork) => guard(request, what, work, o.adminOnly ? { adminOnly } : {});
  const idOf = (ruleId: string) => parseInput(ruleIdSchema, ruleId);
  const notFound = (ruleId: string) => authAnswers.notFound(`no rule ${ruleId}`);

  const setEnabled = (enabled: boolean) => (request: Request, ruleId: string) =>
    guarded(request, enabled ? 'enable' : 'disable', { adminOnly: true }, async (p) => {
      const id = idOf(ruleId);
      const out = await d.store.setEnabled(id, enabled, p.username, now());
      if (!out) return notFound(id);
      d.log.info({ by: p.username, ruleId: id, version: out.rule.version, enabled }, 'loss rules: rule enabled or disabled');
      return out;
    });

  return {
    list: (request) => guarded(request, 'list', { adminOnly: false }, async () => ({ rules: await d.store.list() })),
    get: (request, ruleId) =>
      guarded(request, 'get', { adminOnly: false }, async () => {
        const id = idOf(ruleId);
        const cur = await d.store.get(id);
        if (!cur) return notFound(id);
        return { ...cur, versions: await d.store.versions(id) };
      }),
    put: (request, ruleId) =>
      guarded(request, 'save', { adminOnly: true }, async (p) => {
        const id = idOf(ruleId);
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const b = parseInput(putRuleBodySchema, body.value);
        const out = await d.store.save(id, b.rule, p.username, now(), b.basedOn);
        d.log.info({ by: p.username, ruleId: id, version: out.rule.version }, 'loss rules: rule saved');
        return out;
      }),
    enable: setEnabled(true),
    disable: setEnabled(false),
    backtest: (request) =>
      guarded(request, 'backtest', { adminOnly: false }, async () => {
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const b = parseBacktestBody(body.value);
        let rule: Rule;
        if (b.ruleId !== undefined) {
          const cur = await d.store.get(b.ruleId);
          if (!cur) return notFound(b.ruleId);
          rule = cur.rule;
        } else {
          rule = ruleSchema.parse({ id: 'backtest', version: 1, ...b.rule });
        }
        return d.backtest({ rule, fromMs: b.fromMs, toMs: b.toMs, ...(b.storeId !== undefined ? { storeId: b.storeId } : {}), examples: b.examples });
      }),
    alerts: (request) =>
      guarded(request, 'alerts', { adminOnly: false }, async (_p, url) => {
        const q = parseQuery(alertsQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        return d.alerts.alerts(q.value);
      }),
  };
}
