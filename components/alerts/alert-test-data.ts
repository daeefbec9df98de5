import type { Alert } from '@/lib/alerts/alert-model';

/** An alert for the unit tests, with what a test needs changed. */
export function anAlert(patch: Partial<Alert> & { id: string }): Alert {
  return {
    kind: 'till_gap',
    severity: 'warning',
    subject: { storeId: 'S003', tillId: 'S003-T09' },
    evidence: {},
    state: 'open',
    openedAt: 1_000,
    dedupeKey: `k-${patch.id}`,
    repeats: 0,
    repeatIds: [],
    version: 1,
    updatedAt: 1_000,
    ...patch,
  };
}
