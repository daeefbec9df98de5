import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The sign-out form's target (a plain HTML form: it works before the page's script has
 * loaded): the session revoked and its cookie cleared by the auth API (which checks
 * Origin), then back to the sign-in page. Any other answer is passed on as it is: 403 for
 * a foreign Origin, 503 `not_revoked` when Redis is away (the cookie is cleared all the
 * same, but the session could not be revoked: the page says so rather than pretend).
 */
export async function POST(request: Request): Promise<Response> {
  const res = await getServerContext().auth.routes.signOut(request);
  if (!res.ok) return res;
  const headers = new Headers(res.headers);
  headers.set('location', '/sign-in');
  return new Response(null, { status: 303, headers });
}
