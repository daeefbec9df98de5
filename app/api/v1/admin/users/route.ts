import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Every user (admin role only; server/auth/admin-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().auth.routes.listUsers(request);
}

/** Creates a user (admin role only). */
export function POST(request: Request): Promise<Response> {
  return getServerContext().auth.routes.createUser(request);
}
