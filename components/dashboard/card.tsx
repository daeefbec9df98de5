import type { ReactNode } from 'react';

/**
 * A titled panel of a dashboard. Every panel names its window ("today", "last 60 minutes")
 * next to its title, and says plainly why it is empty or failed.
 */
export function Card({ title, window, testId, actions, children, className }: { title: string; window?: string; testId?: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const id = testId ? `${testId}-title` : undefined;
  return (
    <section className={`card panel ${className ?? ''}`} aria-labelledby={id} data-testid={testId}>
      <div className="card-head">
        <h2 id={id}>
          {title}
          {window && <span className="window"> · {window}</span>}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Loading, error and empty states of a panel, in words. */
export function PanelState({ pending, error, empty, children }: { pending: boolean; error: string | null; empty?: string | null; children: ReactNode }) {
  if (error) return <p className="error" role="alert">{error}</p>;
  if (pending) return <p className="muted">Loading…</p>;
  if (empty) return <p className="muted">{empty}</p>;
  return <>{children}</>;
}
