import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Every loss rule in force (server/loss/rules-routes.ts), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().lossRules.list(request);
}
