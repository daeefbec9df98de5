import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Sales per minute of a scope (server/kpis/), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().kpis.perMinute(request);
}
