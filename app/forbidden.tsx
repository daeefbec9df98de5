import Link from 'next/link';

/**
 * "Not allowed" (HTTP 403): a signed-in user asked for a page its role or store scope does
 * not cover (forbidden() in app/_auth/page-session.ts). It says so, and names no data of
 * the page refused.
 */
export default function NotAllowed() {
  return (
    <main className="sign-in">
      <div className="card sign-in-card" data-testid="not-allowed">
        <h1 className="brand">Not allowed</h1>
        <p>Your role or your stores do not include this page. If you need it, ask an admin to change your access.</p>
        <p>
          <Link href="/">Back to your start page</Link>
        </p>
      </div>
    </main>
  );
}
