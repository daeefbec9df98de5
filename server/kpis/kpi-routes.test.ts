import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import type { DashboardService } from './dashboard-service';
import type { KpiService } from './kpi-service';
import { createKpiRoutes } from './kpi-routes';

const hq: Principal = { userId: 'u1', username: 'merch', role: 'merchandiser', stores: 'all' };
const unreachable = new Proxy({}, { get: () => () => Promise.reject(new Error('not to be asked for a bad query')) });
const routes = createKpiRoutes({
  service: unreachable as KpiService,
  dashboard: unreachable as DashboardService,
  redis: unreachable as Redis,
  stores: async () => new Map(),
  requirePrincipal: async () => hq,
  log: { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined } as never,
});

describe('the KPI routes’ 400s', () => {
  it('name the parameter as it was sent, whatever it holds, on every route', async () => {
    const cases: [keyof typeof routes, string, string][] = [
      ['kpis', '/api/v1/kpis?a:b=1', 'a:b'],
      ['top', '/api/v1/kpis/top?a:b=1', 'a:b'],
      ['league', '/api/v1/kpis/stores?x:y=1', 'x:y'],
      ['perHour', '/api/v1/sales/per-hour?from=1', 'from'],
      ['top', '/api/v1/kpis/top?limit=0', 'limit'],
    ];
    for (const [route, path, field] of cases) {
      const res = await routes[route](new Request(`http://tillstream.test${path}`));
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: string; field: string; message: string };
      expect(body, path).toMatchObject({ error: 'invalid_request', field });
      expect(body.message.startsWith(`${field}: `), body.message).toBe(true);
    }
  });
});
