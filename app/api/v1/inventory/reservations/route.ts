import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Holds stock for a web order (server/inventory/), described in GET /api/openapi.json. */
export function POST(request: Request): Promise<Response> {
  return getServerContext().reservations.reserve(request);
}
