import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The signed-in user, or 401 (server/auth/). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().auth.routes.me(request);
}
