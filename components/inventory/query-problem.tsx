'use client';

import { problemOf } from './inventory-fetch';

/** A failed read said plainly (503: "Redis did not answer; retry"), with a button to try again. */
export function QueryProblem({ error, message, onRetry, testId }: { error: unknown; message?: string; onRetry?: () => void; testId?: string }) {
  return (
    <div className="inv-problem" role="alert" data-testid={testId}>
      <span>{message ?? problemOf(error)}</span>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
