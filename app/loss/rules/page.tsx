import type { Metadata } from 'next';
import { RulesView } from '@/components/loss/rules-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageAccess } from '../../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Loss rules · Tillstream' };

/** The loss rules with a backtest and the recent alerts: fraud analysts and admins only; only an admin changes a rule. */
export default async function LossRulesPage() {
  const principal = await requirePageAccess('/loss/rules', (a, p) => a.loss(p));
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <RulesView isAdmin={principal.role === 'admin'} />
    </AppShell>
  );
}
