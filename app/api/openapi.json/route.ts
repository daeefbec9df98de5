import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of the HTTP API, generated from the server's schemas (server/openapi/). */
export function GET(): Response {
  return Response.json(getServerContext().openApi(), { headers: { 'cache-control': 'no-store' } });
}
