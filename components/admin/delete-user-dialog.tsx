'use client';

import { useId } from 'react';
import { describeError, type AdminUser } from './admin-api';
import { closeDialogOf, Dialog } from './dialog';
import { FormError } from './form-error';
import { SessionEffectNote } from './session-effect-note';
import { useDeleteUser } from './use-admin-users';

/** Asks before a user is deleted (DELETE /api/v1/admin/users/{username}). */
export function DeleteUserDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const id = useId();
  const remove = useDeleteUser();
  return (
    <Dialog title={`Delete ${user.username}?`} onClose={onClose} testId="delete-user-dialog">
      <div className="admin-form">
        <SessionEffectNote kind="delete" />
        <FormError id={`${id}-error`} message={remove.isError ? describeError(remove.error, 'Deleting') : null} />
        <div className="admin-actions">
          <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
            Cancel
          </button>
          <button
            type="button"
            className="button admin-danger"
            disabled={remove.isPending}
            onClick={(e) => {
              const button = e.currentTarget;
              remove.mutate(user.username, { onSuccess: () => closeDialogOf(button) });
            }}
          >
            {remove.isPending ? 'Deleting…' : `Delete ${user.username}`}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
