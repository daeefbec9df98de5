'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';

/** What the sign-in API's refusals mean to the person typing (server/auth/session-routes.ts). */
function messageFor(status: number, retryAfter: string | null): string {
  if (status === 401) return 'Wrong username or password.';
  if (status === 429) return `Too many attempts. Try again in ${retryAfter ?? 'a few'} seconds.`;
  if (status === 400) return 'Enter a username and a password.';
  return `Sign-in is unavailable right now (HTTP ${status}). Try again in a moment.`;
}

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // Marks the form live: before its script runs, a submit would be the browser's own.
  useEffect(() => {
    if (form.current) form.current.dataset.ready = '1';
  }, []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
      });
      if (res.ok) {
        // A full load: the server renders the next page with the new session cookie.
        window.location.assign(next);
        return;
      }
      setError(messageFor(res.status, res.headers.get('retry-after')));
    } catch {
      setError('The server cannot be reached. Check the connection and try again.');
    }
    setBusy(false);
  }

  return (
    // method="post": should it ever submit without its script, no password lands in a URL.
    <form ref={form} className="form" method="post" onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
      <label>
        Username
        <input name="username" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p id="sign-in-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
