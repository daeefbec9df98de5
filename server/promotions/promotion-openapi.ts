import { MAX_JSON_BODY_BYTES } from '../auth/http-guards';
import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, jsonContent as json, errorResponse as err, retryAfterHeader as retryAfter } from '../openapi/document';
import { acknowledgementsAnswerSchema } from './acknowledgement-answers';
import { effectAnswerSchema } from './effect-answers';
import { promotionAnswerSchema, promotionsAnswerSchema } from './promotion-answers';
import { editBodySchema, listQuerySchema, promotionDraftSchema, promotionIdSchema, publishBodySchema, withdrawBodySchema } from './promotion-input';

const common = {
  '401': err('Not signed in'),
  '503': { ...err('Redis or Kafka did not answer (nothing was published); retry after Retry-After'), headers: retryAfter },
};
const see = 'Not an HQ role: a store manager neither sees nor changes promotions';
const change = 'Not a merchandiser or an admin, or `forbidden_origin`: the request did not come from this site';
const body = { '413': err(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes`), '415': err('The body is not `application/json`') };
const idParam = { name: 'promotionId', in: 'path', required: true, description: 'the promotion', schema: jsonSchemaOf(promotionIdSchema, 'input') };
const one = (description: string) => ({ description, ...json(ref('Promotion')) });
const conflict = (what: string) => ({ description: what, ...json({ type: 'object', properties: { error: { const: 'conflict' }, message: { type: 'string' } }, required: ['error', 'message'] }) });

/** Authoring and publishing promotions (promotion-routes.ts). */
export const promotionsApi: ApiPathGroup = {
  tag: {
    name: 'promotions',
    description:
      'Promotions HQ authors (merchandisers and admins; the other HQ roles read them): percent off, amount off each unit, multi-buy (3 for 2) or a ' +
      'bundle price, on SKUs and/or a category, for every store, a region or a list of stores, from a wall-clock start to end read in each ' +
      'store’s own timezone. Published to the compacted topic `hq.promotions` (`promo.published`, keyed by promotion id) and withdrawn ' +
      '(`promo.withdrawn`); the tills apply what is in force. Each change names the version it was made from (409 when another was stored since). ' +
      'A promotion sharing SKUs, stores and time with another in force lists the overlaps, and is published over them only with `acknowledgeOverlaps`.',
  },
  paths: {
    '/api/v1/promotions': {
      get: {
        operationId: 'listPromotions',
        summary: 'Every promotion authored here, newest start first, with its status (draft, scheduled, running, ended, withdrawn)',
        security: [{ cookieAuth: [] }],
        parameters: queryParameters(listQuerySchema),
        responses: { '200': { description: 'The promotions', ...json(ref('Promotions')) }, '400': err('A parameter is wrong or unknown (`field` names it)'), ...common, '403': err(see) },
      },
      post: {
        operationId: 'createPromotion',
        summary: 'Create a draft, checked against the contract and master data (stores, region, SKUs, category)',
        security: [{ cookieAuth: [] }],
        requestBody: { required: true, ...json(jsonSchemaOf(promotionDraftSchema, 'input')) },
        responses: { '201': one('The draft, with the promotions in force it overlaps'), '400': err('A field is wrong, missing or unknown (`field` names it)'), ...common, '403': err(change), ...body },
      },
    },
    '/api/v1/promotions/{promotionId}': {
      get: {
        operationId: 'getPromotion',
        summary: 'One promotion, with the promotions in force it overlaps',
        security: [{ cookieAuth: [] }],
        parameters: [idParam],
        responses: { '200': one('The promotion'), '400': err('The id is wrong'), ...common, '403': err(see), '404': err('No such promotion') },
      },
      put: {
        operationId: 'editPromotion',
        summary: 'Edit a draft (a published promotion is withdrawn, not edited)',
        security: [{ cookieAuth: [] }],
        parameters: [idParam],
        requestBody: { required: true, ...json(jsonSchemaOf(editBodySchema, 'input')) },
        responses: { '200': one('The draft as stored'), '400': err('A field is wrong (`field` names it)'), ...common, '403': err(change), '404': err('No such promotion'), '409': conflict('Changed since `basedOn`, or not a draft'), ...body },
      },
      delete: {
        operationId: 'deletePromotionDraft',
        summary: 'Delete a draft (`?basedOn=` the version shown)',
        security: [{ cookieAuth: [] }],
        parameters: [idParam, { name: 'basedOn', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '204': { description: 'Deleted' }, '400': err('The id or basedOn is wrong'), ...common, '403': err(change), '404': err('No such promotion'), '409': conflict('Changed since `basedOn`, or published') },
      },
    },
    '/api/v1/promotions/{promotionId}/publish': {
      post: {
        operationId: 'publishPromotion',
        summary: 'Publish a draft to hq.promotions: its stores and the UTC bounds their timezones give',
        security: [{ cookieAuth: [] }],
        parameters: [idParam],
        requestBody: { required: true, ...json(jsonSchemaOf(publishBodySchema, 'input')) },
        responses: {
          '200': one('Published'),
          '400': err('A field is wrong, or the promotion is over in every store it targets (`field` names it)'),
          ...common,
          '403': err(change),
          '404': err('No such promotion'),
          '409': conflict('Changed since `basedOn`, not a draft, or it overlaps promotions in force (listed in `overlaps`) and `acknowledgeOverlaps` was not set'),
          ...body,
        },
      },
    },
    '/api/v1/promotions/{promotionId}/withdraw': {
      post: {
        operationId: 'withdrawPromotion',
        summary: 'Withdraw a published promotion: the tills stop applying it',
        security: [{ cookieAuth: [] }],
        parameters: [idParam],
        requestBody: { required: true, ...json(jsonSchemaOf(withdrawBodySchema, 'input')) },
        responses: { '200': one('Withdrawn'), '400': err('A field is wrong (`field` names it)'), ...common, '403': err(change), '404': err('No such promotion'), '409': conflict('Changed since `basedOn`, or not published'), ...body },
      },
    },
    '/api/v1/promotions/{promotionId}/acknowledgements': {
      get: {
        operationId: 'getPromotionAcknowledgements',
        summary: 'The stores’ acknowledgement: per store it was published to, the first till event applying it and the discounts so far, or pending',
        description:
          'From the history in ClickHouse (`pos.discount.applied` naming the promotion; the sink writes events within seconds). ' +
          '`outside` lists stores that applied it without being targeted. A draft answers `published: false` and no stores.',
        security: [{ cookieAuth: [] }],
        parameters: [idParam],
        responses: {
          '200': { description: 'The stores’ acknowledgement', ...json(ref('PromotionAcknowledgements')) },
          '400': err('The id is wrong'),
          '401': err('Not signed in'),
          '403': err(see),
          '404': err('No such promotion'),
          '503': err('Redis or ClickHouse did not answer'),
        },
      },
    },
    '/api/v1/promotions/{promotionId}/effect': {
      get: {
        operationId: 'getPromotionEffect',
        summary: 'What it is doing, so far or over its run: uplift, incremental units and revenue, discount cost, the rest of its categories, baskets and checkout speed',
        description:
          'Its stores’ whole hours against the same hours of up to 4 previous weeks and, where it runs in some stores only, the stores without it ' +
          '(difference in differences), from ClickHouse. Every estimate has a 95 % interval (bootstrap over store-hours) or says why there is not ' +
          'enough data yet. Definitions: docs/kpis.md, "Promotions: effect". Answers are kept 10 s per promotion.',
        security: [{ cookieAuth: [] }],
        parameters: [idParam],
        responses: {
          '200': { description: 'Its effect', ...json(ref('PromotionEffect')) },
          '400': err('The id is wrong'),
          '401': err('Not signed in'),
          '403': err(see),
          '404': err('No such promotion'),
          '409': conflict('A draft: its effect is measured once it is published'),
          '503': err('Redis or ClickHouse did not answer'),
        },
      },
    },
  },
  schemas: {
    PromotionEffect: jsonSchemaOf(effectAnswerSchema),
    Promotion: jsonSchemaOf(promotionAnswerSchema),
    Promotions: jsonSchemaOf(promotionsAnswerSchema),
    PromotionAcknowledgements: jsonSchemaOf(acknowledgementsAnswerSchema),
  },
};
