'use client';

import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldOf, needsStores, ROLE_LABELS, type AdminUser, type Role, type UserPatch } from './admin-api';
import { closeDialogOf, Dialog } from './dialog';
import { FormError } from './form-error';
import { RoleSelect } from './role-select';
import { SessionEffectNote } from './session-effect-note';
import { StorePicker } from './store-picker';
import { useUpdateUser } from './use-admin-users';

const sameStores = (a: string[], b: string[] | 'all') => Array.isArray(b) && a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** A user's role and stores (PATCH /api/v1/admin/users/{username}); only what changed is sent. */
export function EditAccessDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const id = useId();
  const update = useUpdateUser();
  const [role, setRole] = useState<Role>(user.role);
  const [stores, setStores] = useState<string[]>(user.stores === 'all' ? [] : user.stores);

  const errorId = `${id}-error`;
  const bad = update.isError ? fieldOf(update.error) : undefined;
  const patch: UserPatch = {};
  if (role !== user.role) patch.role = role;
  if (needsStores(role) && !sameStores(stores, user.stores)) patch.stores = stores;
  const unchanged = Object.keys(patch).length === 0;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    update.mutate({ username: user.username, patch }, { onSuccess: () => closeDialogOf(form) });
  }

  return (
    <Dialog title={`Access of ${user.username}`} onClose={onClose} testId="edit-access-dialog">
      <form className="admin-form" onSubmit={submit} noValidate>
        <RoleSelect value={role} onChange={setRole} invalid={bad === 'role'} describedBy={bad === 'role' ? errorId : undefined} />
        {needsStores(role) ? (
          <StorePicker value={stores} onChange={setStores} invalid={bad === 'stores'} describedBy={bad === 'stores' ? errorId : undefined} />
        ) : (
          <p className="muted small">{ROLE_LABELS[role]}: sees every store.</p>
        )}
        <SessionEffectNote kind="access" />
        <FormError id={errorId} message={update.isError ? describeError(update.error, 'Saving') : null} />
        <div className="admin-actions">
          <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={update.isPending || unchanged}>
            {update.isPending ? 'Saving…' : unchanged ? 'Nothing changed' : 'Save access'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
