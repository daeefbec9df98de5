import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServerContext, type ServerContext } from '@/server/context';

/** The signed-in user as the session answers it (server/auth/principal.ts). */
export type Principal = NonNullable<Awaited<ReturnType<ServerContext['auth']['readSession']>>>;

/** The signed-in user of a server-rendered page, from its session cookie (server/auth/), or null. */
export async function pageSession(): Promise<Principal | null> {
  const header = (await cookies()).toString();
  return getServerContext().auth.readSession(header || null);
}

/** A page only for signed-in users: anyone else goes to the sign-in page, and comes back after. */
export async function requirePageSession(path: string): Promise<Principal> {
  const principal = await pageSession();
  if (!principal) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return principal;
}

/** Where to go after signing in: a path of this site only (never another origin). */
export function safeNext(next: string | string[] | undefined): string {
  const n = Array.isArray(next) ? next[0] : next;
  return n && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/\\') ? n : '/';
}
