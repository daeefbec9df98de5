import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The cashiers ranked by risk score (server/loss/risk-routes.ts), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().lossRisk.ranking(request);
}
