import type { Metadata } from 'next';
import { AdminUsers } from '@/components/admin/admin-users';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageAccess } from '../../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users · Tillstream' };

/** Users, their roles and store scopes (admin role only; anyone else gets the "not allowed" page). */
export default async function AdminUsersPage() {
  const principal = await requirePageAccess('/admin/users', (a, p) => a.admin(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <header className="masthead">
        <h1>Users</h1>
        <p className="lede">Who may sign in, with which role, and which stores a store manager sees. The HQ roles (merchandiser, fraud analyst, admin) see every store.</p>
      </header>
      <AdminUsers me={principal.username} />
    </AppShell>
  );
}
