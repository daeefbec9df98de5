import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Clears the session cookie (server/auth/). */
export function POST(request: Request): Promise<Response> {
  return getServerContext().auth.routes.signOut(request);
}
