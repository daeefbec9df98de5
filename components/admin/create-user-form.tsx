'use client';

import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldOf, MAX_PASSWORD, MIN_PASSWORD, needsStores, ROLE_LABELS, type Role } from './admin-api';
import { FormError } from './form-error';
import { RoleSelect } from './role-select';
import { StorePicker } from './store-picker';
import { useCreateUser } from './use-admin-users';

/**
 * A new user: username, password, role, and the stores when it is a store manager (the HQ
 * roles see every store). The server checks every field; its refusal, which names the
 * field, is shown under the form and marks that input.
 */
export function CreateUserForm() {
  const id = useId();
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('store_manager');
  const [stores, setStores] = useState<string[]>([]);
  const [created, setCreated] = useState<string | null>(null);

  const errorId = `${id}-error`;
  const error = create.isError ? describeError(create.error, 'Creating the user') : null;
  const bad = create.isError ? fieldOf(create.error) : undefined;
  const invalid = (field: string) => bad === field || undefined;
  const describe = (field: string, hint: string) => (bad === field ? `${hint} ${errorId}` : hint);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setCreated(null);
    const input = { username: username.trim(), password, role, ...(needsStores(role) ? { stores } : {}) };
    create.mutate(input, {
      onSuccess: (user) => {
        setCreated(`Created ${user.username}: ${ROLE_LABELS[user.role]}, ${user.stores === 'all' ? 'every store' : user.stores.join(', ')}.`);
        setUsername('');
        setPassword('');
        setStores([]);
      },
    });
  }

  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="create-user-form">
      <h2 id={`${id}-title`}>New user</h2>
      <div className="admin-form-row">
        <label className="admin-field">
          Username
          <input
            name="username"
            autoComplete="off"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={invalid('username')}
            aria-describedby={describe('username', `${id}-username-hint`)}
          />
          <span id={`${id}-username-hint`} className="muted small">
            3–40: a–z, 0–9, . _ -
          </span>
        </label>
        <label className="admin-field">
          Password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            maxLength={MAX_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={invalid('password')}
            aria-describedby={describe('password', `${id}-password-hint`)}
          />
          <span id={`${id}-password-hint`} className="muted small">
            at least {MIN_PASSWORD} characters
          </span>
        </label>
        <RoleSelect value={role} onChange={setRole} invalid={invalid('role')} describedBy={bad === 'role' ? errorId : undefined} />
        <button type="submit" className="button primary admin-submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </button>
      </div>
      {needsStores(role) && <StorePicker value={stores} onChange={setStores} invalid={invalid('stores')} describedBy={bad === 'stores' ? errorId : undefined} />}
      <FormError id={errorId} message={error} />
      {created && (
        <p className="admin-ok" role="status">
          {created}
        </p>
      )}
    </form>
  );
}
