'use client';

import { useEffect, useSyncExternalStore } from 'react';

const ROLE_NAMES: Record<string, string> = { store_manager: 'Store manager', merchandiser: 'Merchandiser', fraud_analyst: 'Fraud analyst', admin: 'Admin' };

type Theme = 'light' | 'dark';
const THEME_KEY = 'ts-theme';
const THEME_EVENT = 'ts-theme-change';

/** The theme chosen in this browser, else the system's (a store React reads with useSyncExternalStore). */
function currentTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
function subscribeTheme(onChange: () => void): () => void {
  window.addEventListener(THEME_EVENT, onChange);
  return () => window.removeEventListener(THEME_EVENT, onChange);
}

/** The signed-in user, the theme switch (kept in this browser; `data-theme` on <html> once the page is live) and sign-out (a plain form). */
export function UserMenu({ username, role, stores }: { username: string; role: string; stores: string[] | 'all' }) {
  const theme = useSyncExternalStore(subscribeTheme, currentTheme, () => 'light' as Theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggle = () => {
    localStorage.setItem(THEME_KEY, theme === 'dark' ? 'light' : 'dark');
    window.dispatchEvent(new Event(THEME_EVENT));
  };
  return (
    <div className="user-menu">
      <span data-testid="signed-in-user">
        <strong>{username}</strong> <span className="muted small">· {ROLE_NAMES[role] ?? role}</span>
        {stores !== 'all' && <span className="muted small"> · {stores.join(', ')}</span>}
      </span>
      <button type="button" className="button" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? 'Light' : 'Dark'}
      </button>
      <form method="post" action="/sign-out">
        <button type="submit" className="button">
          Sign out
        </button>
      </form>
    </div>
  );
}
