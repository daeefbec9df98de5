import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import { checkOrigin, readJsonBody } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { parseInput, UserInputError } from '../auth/user-input';
import { parseQuery } from '../kpis/kpi-query';
import type { AcknowledgementService } from './acknowledgement-service';
import type { EffectService } from './effect-service';
import { unavailable } from '../kpis/kpi-routes';
import { mayAuthorPromotions, maySeePromotions } from './promotion-access';
import { editBodySchema, listQuerySchema, parseDraft, promotionIdSchema, publishBodySchema, withdrawBodySchema } from './promotion-input';
import { PublishFailed } from './promotion-publisher';
import { PromotionRefused, type PromotionService } from './promotion-service';
import { PromotionConflict } from './promotion-store';

/**
 * GET/POST /api/v1/promotions, GET/PUT/DELETE /api/v1/promotions/{id}, POST …/{id}/publish and
 * …/{id}/withdraw, GET …/{id}/acknowledgements and …/{id}/effect (promotion-openapi.ts).
 */
export interface PromotionRoutes {
  list: (request: Request) => Promise<Response>;
  create: (request: Request) => Promise<Response>;
  get: (request: Request, id: string) => Promise<Response>;
  edit: (request: Request, id: string) => Promise<Response>;
  remove: (request: Request, id: string) => Promise<Response>;
  publish: (request: Request, id: string) => Promise<Response>;
  withdraw: (request: Request, id: string) => Promise<Response>;
  acknowledgements: (request: Request, id: string) => Promise<Response>;
  effect: (request: Request, id: string) => Promise<Response>;
}

type Work = (p: Principal, url: URL, request: Request) => Promise<unknown>;

/**
 * The order every promotion route checks a request in: Origin on a change (a request from
 * another site is refused before anything else), the session (401), the role (403: HQ roles
 * see, merchandisers and admins change; a store manager does neither), the path's id and the
 * body (400 naming the field); then the work: 404 for an unknown promotion, 409 for a changed
 * version, a state that does not allow it or overlaps not acknowledged (listed), 503 when
 * Redis or Kafka did not answer (nothing published).
 */
export function createPromotionRoutes(d: {
  service: PromotionService;
  /** The stores' acknowledgement (ClickHouse); without it that route answers 503. */
  acknowledgements?: AcknowledgementService;
  /** Its effect (ClickHouse: effect-service.ts); without it that route answers 503. */
  effect?: EffectService;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
}): PromotionRoutes {
  const log = d.log.child({ component: 'promotions' });

  async function guarded(request: Request, what: string, o: { change: boolean; id?: string; status?: number }, work: Work): Promise<Response> {
    if (o.change) {
      const refused = checkOrigin(request);
      if (refused) return refused;
    }
    const p = await d.requirePrincipal(request);
    if (p instanceof Response) return p;
    if (!maySeePromotions(p)) return authAnswers.forbidden(`promotions are HQ's: a ${p.role} neither sees nor changes them`);
    if (o.change && !mayAuthorPromotions(p)) return authAnswers.forbidden(`only merchandisers and admins author, publish and withdraw promotions; ${p.username} is a ${p.role}`);
    try {
      if (o.id !== undefined) parseInput(promotionIdSchema, o.id);
      const out = await work(p, new URL(request.url), request);
      if (out instanceof Response) return out;
      return out === undefined ? authAnswers.noContent() : authAnswers.json(o.status ?? 200, out);
    } catch (err) {
      if (err instanceof UserInputError) return authAnswers.badRequest(err.field, err.problem);
      if (err instanceof PromotionRefused) return err.status === 404 ? authAnswers.notFound(err.message) : authAnswers.json(409, { error: 'conflict', message: err.message, ...err.detail });
      if (err instanceof PromotionConflict) return authAnswers.json(409, { error: 'conflict', message: `the promotion changed meanwhile (${err.message}); reload it`, current: err.current });
      if (err instanceof PublishFailed) {
        log.warn({ what, err: err.message }, 'promotions: not published');
        return authAnswers.json(503, { error: 'unavailable', message: `not published: ${err.message}`, retryAfterSeconds: err.retryAfterSeconds }, { 'retry-after': String(err.retryAfterSeconds) });
      }
      log.warn({ what, err: err instanceof Error ? err.message : String(err) }, 'promotions: request failed');
      return unavailable();
    }
  }

  /** A route that reads a JSON body (415, 413, 400 before the work). */
  const withBody =
    (work: (p: Principal, value: unknown) => Promise<unknown>): Work =>
    async (p, _url, request) => {
      const b = await readJsonBody(request);
      return b.ok ? work(p, b.value) : b.response;
    };

  return {
    list: (r) =>
      guarded(r, 'list', { change: false }, async (_p, url) => {
        const q = parseQuery(listQuerySchema, url);
        if (!q.ok) return authAnswers.badRequest(q.field, q.message);
        return d.service.list(q.value.status);
      }),
    create: (r) => guarded(r, 'create', { change: true, status: 201 }, withBody((p, v) => d.service.create(parseDraft(v), p.username))),
    get: (r, id) => guarded(r, 'get', { change: false, id }, () => d.service.get(id)),
    edit: (r, id) =>
      guarded(
        r,
        'edit',
        { change: true, id },
        withBody((p, v) => {
          // The version first, then the draft by the contract's rules too (parseDraft), each naming its field.
          const b = parseInput(editBodySchema, v);
          return d.service.edit(id, b.basedOn, parseDraft(b.draft), p.username);
        }),
      ),
    remove: (r, id) =>
      guarded(r, 'delete', { change: true, id }, async (_p, url) => {
        const basedOn = Number(url.searchParams.get('basedOn'));
        if (!Number.isInteger(basedOn) || basedOn < 1) throw new UserInputError('basedOn', 'the version shown, a whole number ≥ 1 (?basedOn=)');
        await d.service.removeDraft(id, basedOn);
        return undefined;
      }),
    publish: (r, id) => guarded(r, 'publish', { change: true, id }, withBody((p, v) => d.service.publish(id, parseInput(publishBodySchema, v), p.username))),
    withdraw: (r, id) => guarded(r, 'withdraw', { change: true, id }, withBody((p, v) => d.service.withdraw(id, parseInput(withdrawBodySchema, v), p.username))),
    acknowledgements: (r, id) => guarded(r, 'acknowledgements', { change: false, id }, async () => (d.acknowledgements ? d.acknowledgements(id) : unavailable())),
    effect: (r, id) => guarded(r, 'effect', { change: false, id }, async () => (d.effect ? d.effect.effect(id) : unavailable())),
  };
}
