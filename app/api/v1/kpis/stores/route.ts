import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The store league table: today's KPIs of every store the caller may see (server/kpis/), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().kpis.league(request);
}
