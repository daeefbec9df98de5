import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
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

/** Browsers drop tabs and newlines from a URL and read a backslash as `/`: `/<tab>/evil.example` is `//evil.example` to them. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_PATH = /[\\\u0000-\u001f\u007f]/;

/** Where to go after signing in: a path of this site only (never another origin; no control character nor backslash anywhere). */
export function safeNext(next: string | string[] | undefined): string {
  const n = Array.isArray(next) ? next[0] : next;
  return n && n.startsWith('/') && !n.startsWith('//') && !UNSAFE_IN_PATH.test(n) ? n : '/';
}

/**
 * A page for some users only: signed out → sign-in; signed in but not allowed → the
 * "not allowed" page (app/forbidden.tsx, HTTP 403). Checked on the server before any data
 * is read, with the same rules as the API (server/web/page-access.ts).
 */
export async function requirePageAccess(path: string, allowed: (access: ServerContext['pageAccess'], p: Principal) => boolean): Promise<Principal> {
  const principal = await requirePageSession(path);
  if (!allowed(getServerContext().pageAccess, principal)) forbidden();
  return principal;
}

/** Where a user starts: HQ roles on the chain overview, a store manager on its first store. */
export function homePathOf(p: Principal): string {
  const access = getServerContext().pageAccess;
  if (access.overview(p)) return '/overview';
  if (Array.isArray(p.stores) && p.stores.length > 0) return `/stores/${encodeURIComponent(p.stores[0]!)}`;
  return '/status';
}

/** The pages a user may open, for the shell's navigation (the same rules the pages enforce). */
export function navLinksOf(p: Principal): { href: string; label: string }[] {
  const access = getServerContext().pageAccess;
  const links: { href: string; label: string }[] = [];
  if (access.overview(p)) links.push({ href: '/overview', label: 'Overview' });
  if (Array.isArray(p.stores)) for (const id of p.stores) links.push({ href: `/stores/${encodeURIComponent(id)}`, label: `Store ${id}` });
  else links.push({ href: '/stores', label: 'Stores' });
  if (access.inventory(p)) links.push({ href: '/inventory', label: 'Inventory' });
  if (access.promotions(p)) links.push({ href: '/promotions', label: 'Promotions' });
  if (access.loss(p)) links.push({ href: '/loss', label: 'Loss prevention' });
  if (access.admin(p)) links.push({ href: '/admin/users', label: 'Users' });
  if (access.ops(p)) links.push({ href: '/ops', label: 'Operations' });
  // The alerts center: every signed-in user (the API shows each only the alerts its role and stores allow).
  links.push({ href: '/alerts', label: 'Alerts' });
  links.push({ href: '/status', label: 'Status' });
  return links;
}

/** A dynamic path segment as Next hands it over (possibly still percent-encoded); a malformed one as it is (and found by no one). */
export function pathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Whether the promotion pages show the authoring controls (new, edit, publish, withdraw): the API's rule. */
export function canAuthorPromotions(p: Principal): boolean {
  return getServerContext().pageAccess.promotionAuthoring(p);
}
