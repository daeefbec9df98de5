import { describe, expect, it } from 'vitest';
import { buildEventsJsonSchema } from '../../lib/contract/json-schema';
import { openApiChecker } from '../../test/openapi-checker';
import { answers } from '../ingest/answers';
import { API_PATH_GROUPS, openApiDocument } from './api';
import { buildOpenApiDocument } from './document';

const doc = openApiDocument('0.0.0-test') as {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

/** Every `$ref` anywhere in a JSON value. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with the health, ingest and auth paths', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/auth/me',
      '/api/auth/sign-in',
      '/api/auth/sign-out',
      '/api/health',
      '/api/metrics',
      '/api/v1/admin/users',
      '/api/v1/admin/users/{username}',
      '/api/v1/alerts',
      '/api/v1/alerts/thresholds',
      '/api/v1/alerts/{alertId}/acknowledge',
      '/api/v1/alerts/{alertId}/resolve',
      '/api/v1/events',
      '/api/v1/inventory/alerts',
      '/api/v1/inventory/locations',
      '/api/v1/inventory/locations/{locationId}',
      '/api/v1/inventory/movements',
      '/api/v1/inventory/replenishments',
      '/api/v1/inventory/reservations',
      '/api/v1/inventory/reservations/{orderId}',
      '/api/v1/inventory/skus',
      '/api/v1/inventory/skus/{sku}',
      '/api/v1/inventory/thresholds/{locationId}/{sku}',
      '/api/v1/kpis',
      '/api/v1/kpis/stores',
      '/api/v1/kpis/top',
      '/api/v1/loss/alerts',
      '/api/v1/loss/cashiers/{cashierId}/exceptions',
      '/api/v1/loss/cashiers/{cashierId}/receipts',
      '/api/v1/loss/exceptions',
      '/api/v1/loss/receipts/{receiptId}',
      '/api/v1/loss/risk',
      '/api/v1/loss/risk/weights',
      '/api/v1/loss/rules',
      '/api/v1/loss/rules/backtest',
      '/api/v1/loss/rules/{ruleId}',
      '/api/v1/loss/rules/{ruleId}/disable',
      '/api/v1/loss/rules/{ruleId}/enable',
      '/api/v1/ops',
      '/api/v1/promotions',
      '/api/v1/promotions/{promotionId}',
      '/api/v1/promotions/{promotionId}/acknowledgements',
      '/api/v1/promotions/{promotionId}/effect',
      '/api/v1/promotions/{promotionId}/publish',
      '/api/v1/promotions/{promotionId}/withdraw',
      '/api/v1/sales/per-hour',
      '/api/v1/sales/per-minute',
      '/api/v1/stores',
      '/api/v1/stores/{storeId}/activity',
    ]);
    expect(Object.keys(doc.paths['/api/health']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/events']!)).toEqual(['post']);
  });

  it('documents every answer of POST /api/v1/events with a JSON schema', () => {
    const post = doc.paths['/api/v1/events']!.post as { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
    expect(Object.keys(post.responses).sort()).toEqual(['202', '207', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    for (const [status, r] of Object.entries(post.responses)) expect(r.content['application/json']?.schema, status).toBeTruthy();
  });

  it('has the bearer scheme, and the POST requires it', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/events']!.post!.security).toEqual([{ apiKey: [] }]);
  });

  it('takes the Event schema from the contract, and every $ref resolves', () => {
    expect(doc.components.schemas.Event!.oneOf).toEqual(buildEventsJsonSchema().oneOf);
    for (const r of refs(doc)) {
      const name = r.replace('#/components/schemas/', '');
      expect(doc.components.schemas[name], r).toBeDefined();
    }
  });

  it('states the limits and the rules', () => {
    const text = JSON.stringify(doc.paths['/api/v1/events']);
    for (const s of ['1048576', '5000', 'Idempotency-Key', 'storeId', '<storeId>-', 'hq.masterdata', 'Retry-After']) expect(text).toContain(s);
  });

  it('what the service answers matches what the document says, status by status', () => {
    const check = openApiChecker(doc);
    const rejection = { index: 0, field: 'seq', reason: 'too small', issues: [{ field: 'seq', reason: 'too small' }] };
    const samples = [
      answers.accepted(3),
      answers.partiallyAccepted(1, [{ ...rejection, line: 2, type: 'pos.item.added' }]),
      answers.allRejected([rejection]),
      answers.badRequest('malformed_json', 'the body is not valid JSON'),
      answers.unauthorized(false),
      answers.unauthorized(true),
      answers.forbidden('S001', [{ index: 0, field: 'storeId', reason: 'not S002' }]),
      answers.idempotencyKeyInUse(),
      answers.tooLarge('body_too_large', 'big'),
      answers.tooLarge('too_many_events', 'many'),
      answers.unsupportedMediaType('text/plain'),
      answers.idempotencyKeyReused(),
      answers.retryLater(429, 'rate_limited', 'slow down', 2),
      answers.retryLater(503, 'unavailable', 'down', 5),
    ];
    for (const a of samples) expect(check.checkBody('/api/v1/events', 'post', a.status, a.body), JSON.stringify(a)).toBeNull();
    expect(check.checkBody('/api/v1/events', 'post', 202, { accepted: 0 })).not.toBeNull();
  });

  it('its request examples are valid events', () => {
    const post = doc.paths['/api/v1/events']!.post as { requestBody: { content: Record<string, { schema: unknown; example: unknown }> } };
    const json = post.requestBody.content['application/json']!;
    expect(openApiChecker(doc).validator(json.schema)(json.example)).toBe(true);
  });

  it('refuses two groups that claim the same path', () => {
    expect(() => buildOpenApiDocument([...API_PATH_GROUPS, API_PATH_GROUPS[0]!], { version: 'x' })).toThrow(/defined by two path groups/);
  });
});
