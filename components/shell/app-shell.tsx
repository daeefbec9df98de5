import Link from 'next/link';
import type { ReactNode } from 'react';
import { LiveProvider } from '@/components/live/live-provider';
import { AlertsBell } from './alerts-bell';
import { NavLinks, type ShellLink } from './nav-links';
import { UserMenu } from './user-menu';

/** Who is signed in (the session's principal, as the page read it). */
export interface ShellUser {
  username: string;
  role: string;
  stores: string[] | 'all';
}

export type { ShellLink } from './nav-links';

/**
 * The frame of every signed-in page: the brand, the pages this user may open (computed on
 * the server from the same rules the pages enforce: app/_auth/page-session.ts navLinksOf),
 * the alerts bell and the user menu. The live connection covers the top bar too (the bell).
 */
export function AppShell({ principal, links, children }: { principal: ShellUser; links: ShellLink[]; children: ReactNode }) {
  return (
    <div className="shell">
      <LiveProvider>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand">
            Tillstream
          </Link>
          <NavLinks links={links} />
          <AlertsBell />
          <UserMenu username={principal.username} role={principal.role} stores={principal.stores} />
        </header>
        <main className="page" id="main">
          {children}
        </main>
      </LiveProvider>
    </div>
  );
}
