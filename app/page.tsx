import { redirect } from 'next/navigation';
import { homePathOf, requirePageSession } from './_auth/page-session';

export const dynamic = 'force-dynamic';

/** The start page: HQ roles go to the chain overview, a store manager to its store. */
export default async function HomePage() {
  redirect(homePathOf(await requirePageSession('/')));
}
