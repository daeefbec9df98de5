import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Username and password → the session cookie (server/auth/, described in GET /api/openapi.json). */
export function POST(request: Request): Promise<Response> {
  return getServerContext().auth.routes.signIn(request);
}
