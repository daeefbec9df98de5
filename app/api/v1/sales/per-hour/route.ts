import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Sales by local hour, today against the same weekday last week (server/kpis/), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().kpis.perHour(request);
}
