import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { pageSession, safeNext } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in · Tillstream' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  // Already signed in: straight on.
  if (await pageSession()) redirect(next);
  return (
    <main className="sign-in">
      <div className="card sign-in-card">
        <h1 className="brand">Tillstream</h1>
        <p className="muted">Sign in to see your stores live.</p>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
