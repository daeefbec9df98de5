import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The sign-out form's target (a plain HTML form: it works before the page's script has
 * loaded): the session cookie cleared by the auth API (which checks Origin), then back
 * to the sign-in page.
 */
export async function POST(request: Request): Promise<Response> {
  const res = await getServerContext().auth.routes.signOut(request);
  if (!res.ok) return res;
  const headers = new Headers(res.headers);
  headers.set('location', '/sign-in');
  return new Response(null, { status: 303, headers });
}
