'use client';

import { useState } from 'react';
import { describeError, ROLE_LABELS, type AdminUser } from './admin-api';
import { DeleteUserDialog } from './delete-user-dialog';
import { EditAccessDialog } from './edit-access-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { useStoreOptions, useUsers } from './use-admin-users';

/** `2025-05-01T12:34:56.789Z` → `2025-05-01 12:34` (UTC, as the column says). */
const utc = (iso: string) => (iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso);

type Open = { kind: 'access' | 'password' | 'delete'; user: AdminUser } | null;

/** Every user with its role, stores and dates, and the actions on it (each in a dialog). */
export function UsersTable({ me }: { me: string }) {
  const users = useUsers();
  const stores = useStoreOptions();
  const [open, setOpen] = useState<Open>(null);
  const storeName = new Map((stores.data ?? []).map((s) => [s.storeId, `${s.name} · ${s.region}`]));

  return (
    <section className="card admin-card" aria-labelledby="users-title" aria-busy={users.isFetching} data-testid="users-card">
      <div className="card-head">
        <h2 id="users-title">Users{users.data ? ` (${users.data.length})` : ''}</h2>
        <button type="button" className="button admin-small" onClick={() => void users.refetch()} disabled={users.isFetching}>
          {users.isFetching ? 'Loading…' : 'Reload'}
        </button>
      </div>
      {users.isPending && <p className="muted">Loading the users…</p>}
      {users.isError && (
        <p className="error" role="alert" data-testid="users-error">
          {describeError(users.error, 'Loading the users')}
        </p>
      )}
      {users.isSuccess && users.data.length === 0 && (
        <p className="muted" data-testid="users-empty">
          No users in the user store: create one with the form above.
        </p>
      )}
      {users.isSuccess && users.data.length > 0 && (
        <table className="status-table admin-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Stores</th>
              <th scope="col">Created (UTC)</th>
              <th scope="col">Changed (UTC)</th>
              <th scope="col">
                <span className="admin-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => {
              const self = u.username === me;
              return (
                <tr key={u.username} data-testid={`user-${u.username}`}>
                  <th scope="row" className="admin-username">
                    {u.username}
                    {self && <span className="muted small"> (you)</span>}
                  </th>
                  <td>{ROLE_LABELS[u.role] ?? u.role}</td>
                  <td data-testid="user-stores">
                    {u.stores === 'all' ? (
                      <span className="muted">every store</span>
                    ) : (
                      u.stores.map((id) => (
                        <span key={id} className="admin-store-chip" title={storeName.get(id) ?? 'not in the store list'}>
                          {id}
                        </span>
                      ))
                    )}
                  </td>
                  <td className="admin-date">{utc(u.createdAt)}</td>
                  <td className="admin-date" title={`password set ${utc(u.passwordSetAt)} UTC`}>
                    {utc(u.updatedAt)}
                  </td>
                  <td className="admin-row-actions">
                    <button type="button" className="button admin-small" disabled={self} title={self ? 'Another admin can change your role' : undefined} onClick={() => setOpen({ kind: 'access', user: u })} aria-label={`Edit access of ${u.username}`}>
                      Access
                    </button>
                    <button type="button" className="button admin-small" onClick={() => setOpen({ kind: 'password', user: u })} aria-label={`New password for ${u.username}`}>
                      Password
                    </button>
                    <button type="button" className="button admin-small admin-danger" disabled={self} title={self ? 'Another admin can delete you' : undefined} onClick={() => setOpen({ kind: 'delete', user: u })} aria-label={`Delete ${u.username}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {users.isSuccess && users.data.some((u) => u.username === me) && (
        <p className="muted small admin-foot">Your own role cannot be changed nor your account deleted from here: another admin can.</p>
      )}
      {open?.kind === 'access' && <EditAccessDialog user={open.user} onClose={() => setOpen(null)} />}
      {open?.kind === 'password' && <ResetPasswordDialog user={open.user} self={open.user.username === me} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <DeleteUserDialog user={open.user} onClose={() => setOpen(null)} />}
    </section>
  );
}
