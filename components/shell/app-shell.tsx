import Link from 'next/link';
import type { ReactNode } from 'react';
import { UserMenu } from './user-menu';

/** The frame of every signed-in page: the brand, the pages this user may open, and the user menu. */
/** Who is signed in (the session's principal, as the page read it). */
export interface ShellUser {
  username: string;
  role: string;
  stores: string[] | 'all';
}

export function AppShell({ principal, children }: { principal: ShellUser; children: ReactNode }) {
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          Tillstream
        </Link>
        <nav aria-label="Pages" className="nav">
          <Link href="/">Status</Link>
        </nav>
        <UserMenu username={principal.username} role={principal.role} stores={principal.stores} />
      </header>
      <main className="page">{children}</main>
    </div>
  );
}
