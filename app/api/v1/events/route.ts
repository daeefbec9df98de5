import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * REST ingest: a batch of one store's events with a store-scoped API key
 * (server/ingest/, described in GET /api/openapi.json).
 */
export function POST(request: Request): Promise<Response> {
  return getServerContext().ingest.handle(request);
}
