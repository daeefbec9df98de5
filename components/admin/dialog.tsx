'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog (the native <dialog>: focus stays inside, Escape closes it, focus goes back
 * to the button that opened it). It opens when mounted and calls `onClose` once closed, so
 * the parent can unmount it; its content closes it with closeDialogOf.
 */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="admin-dialog" aria-labelledby={titleId} onClose={onClose} data-testid={testId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Closes the dialog an element (a button, a form) is in. */
export function closeDialogOf(el: Element | null): void {
  el?.closest('dialog')?.close();
}
