import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Exception metrics per cashier, till or store (server/loss/), described in GET /api/openapi.json. */
export function GET(request: Request): Promise<Response> {
  return getServerContext().loss.exceptions(request);
}
