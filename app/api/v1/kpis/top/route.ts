import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Today's top SKUs or categories of a scope (server/kpis/), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().kpis.top(request);
}
