'use client';

import { useMutation } from '@tanstack/react-query';
import type { Alert } from '@/lib/alerts/alert-model';
import { alertsApi, describeFailure } from './alerts-api';

/**
 * Acknowledge (an open alert) and Resolve (an open or acknowledged one); the answer (the alert
 * after the change) updates the row. A refusal (409: resolved meanwhile; 404: gone) is said in
 * the row, in words.
 */
export function AlertActions({ alert, onChanged }: { alert: Alert; onChanged: (a: Alert) => void }) {
  const ack = useMutation({ mutationFn: () => alertsApi.acknowledge(alert.id), onSuccess: (r) => onChanged(r.alert) });
  const resolve = useMutation({ mutationFn: () => alertsApi.resolve(alert.id), onSuccess: (r) => onChanged(r.alert) });
  const busy = ack.isPending || resolve.isPending;
  const error = ack.error ? describeFailure(ack.error, 'Acknowledging') : resolve.error ? describeFailure(resolve.error, 'Resolving') : null;
  if (alert.state === 'resolved' && !error) return null;
  return (
    <div className="alerts-actions">
      {alert.state === 'open' && (
        <button type="button" className="button loss-small" disabled={busy} onClick={() => (resolve.reset(), ack.mutate())}>
          {ack.isPending ? 'Acknowledging…' : 'Acknowledge'}
        </button>
      )}
      {alert.state !== 'resolved' && (
        <button type="button" className="button loss-small" disabled={busy} onClick={() => (ack.reset(), resolve.mutate())}>
          {resolve.isPending ? 'Resolving…' : 'Resolve'}
        </button>
      )}
      {error && (
        <p className="error small alerts-action-error" role="alert" data-testid="alert-action-error">
          {error}
        </p>
      )}
    </div>
  );
}
