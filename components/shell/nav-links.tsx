'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A page of the navigation. */
export interface ShellLink {
  href: string;
  label: string;
}

/** The navigation, with the current page marked (aria-current) for screen readers and the eye. */
export function NavLinks({ links }: { links: ShellLink[] }) {
  const path = usePathname();
  return (
    <nav aria-label="Pages" className="nav">
      {links.map((l) => {
        const current = path === l.href || (l.href !== '/' && path.startsWith(`${l.href}/`));
        return (
          <Link key={l.href} href={l.href} aria-current={current ? 'page' : undefined}>
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
