import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { openApiChecker } from '../../test/openapi-checker';
import { expectMetricsEqualAnswer } from '../../test/ops-metrics-check';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { openApiDocument } from '../openapi/api';
import { opsFixture } from './ops-fixture';
import { createOpsRoutes } from './ops-routes';

const users: Record<string, Principal> = {
  admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
  merch: { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' },
  fraud: { userId: 'u4', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
  manager: { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001'] },
};
const check = openApiChecker(openApiDocument('test'));
const TOKEN = 'prom-token-0123456789';

function routes(o: { down?: boolean; token?: string } = {}) {
  return createOpsRoutes({
    service: { snapshot: async () => (o.down ? Promise.reject(new Error('redis down')) : opsFixture()) },
    requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(),
    metricsToken: o.token,
    log: createLogger({ level: 'silent', pretty: false }),
  });
}
const req = (path: string, headers: Record<string, string> = {}) => new Request(`http://127.0.0.1:3000${path}`, { headers });

describe('GET /api/v1/ops', () => {
  it('answers admins with the snapshot, as the OpenAPI document says', async () => {
    const res = await routes().ops(req('/api/v1/ops', { 'x-user': 'admin' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as unknown;
    expect(body).toEqual(opsFixture());
    expect(check.checkBody('/api/v1/ops', 'get', 200, body)).toBeNull();
  });

  it('401 without a session, 403 for every other role, 503 when the snapshot fails', async () => {
    const r = routes();
    const none = await r.ops(req('/api/v1/ops'));
    expect(none.status).toBe(401);
    expect(check.checkBody('/api/v1/ops', 'get', 401, await none.json())).toBeNull();
    for (const u of ['merch', 'fraud', 'manager']) {
      const res = await r.ops(req('/api/v1/ops', { 'x-user': u }));
      expect(res.status, u).toBe(403);
      expect(check.checkBody('/api/v1/ops', 'get', 403, await res.json())).toBeNull();
    }
    const down = await routes({ down: true }).ops(req('/api/v1/ops', { 'x-user': 'admin' }));
    expect(down.status).toBe(503);
    expect(check.checkBody('/api/v1/ops', 'get', 503, await down.json())).toBeNull();
  });
});

describe('GET /api/metrics', () => {
  it('answers an admin session with the Prometheus text of the same numbers', async () => {
    const res = await routes().metrics(req('/api/metrics', { 'x-user': 'admin' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expectMetricsEqualAnswer(await res.text(), opsFixture());
  });

  it('takes the METRICS_TOKEN bearer without a session, and refuses a wrong one or none', async () => {
    const r = routes({ token: TOKEN });
    expect((await r.metrics(req('/api/metrics', { authorization: `Bearer ${TOKEN}` }))).status).toBe(200);
    const wrong = await r.metrics(req('/api/metrics', { authorization: 'Bearer nope', 'x-user': 'admin' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect(await wrong.text()).not.toContain(TOKEN);
    expect((await r.metrics(req('/api/metrics'))).status).toBe(401);
    expect((await r.metrics(req('/api/metrics', { 'x-user': 'manager' }))).status).toBe(403);
    // No token configured: a bearer is never accepted.
    expect((await routes().metrics(req('/api/metrics', { authorization: `Bearer ${TOKEN}` }))).status).toBe(401);
  });
});
