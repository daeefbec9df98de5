'use client';

import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldOf, MAX_PASSWORD, MIN_PASSWORD, type AdminUser } from './admin-api';
import { closeDialogOf, Dialog } from './dialog';
import { FormError } from './form-error';
import { SessionEffectNote } from './session-effect-note';
import { useUpdateUser } from './use-admin-users';

/** A new password for a user (PATCH … { password }); the admin's own keeps it signed in (a new cookie). */
export function ResetPasswordDialog({ user, self, onClose }: { user: AdminUser; self: boolean; onClose: () => void }) {
  const id = useId();
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const errorId = `${id}-error`;
  const bad = update.isError && fieldOf(update.error) === 'password';

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    update.mutate({ username: user.username, patch: { password } }, { onSuccess: () => closeDialogOf(form) });
  }

  return (
    <Dialog title={`New password for ${user.username}`} onClose={onClose} testId="reset-password-dialog">
      <form className="admin-form" onSubmit={submit} noValidate>
        <label className="admin-field">
          New password
          <input
            name="password"
            type={show ? 'text' : 'password'}
            autoComplete="new-password"
            maxLength={MAX_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={bad || undefined}
            aria-describedby={bad ? `${id}-hint ${errorId}` : `${id}-hint`}
          />
          <span id={`${id}-hint`} className="muted small">
            at least {MIN_PASSWORD} characters
          </span>
        </label>
        <label className="admin-check">
          <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> Show the password
        </label>
        {self ? <p className="muted small">Your own account: you stay signed in here; your other sessions end.</p> : <SessionEffectNote kind="password" />}
        <FormError id={errorId} message={update.isError ? describeError(update.error, 'Setting the password') : null} />
        <div className="admin-actions">
          <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Set password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
