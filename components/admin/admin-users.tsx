'use client';

import { CreateUserForm } from './create-user-form';
import { SessionEffectNote } from './session-effect-note';
import { UsersTable } from './users-table';

/** The users page's body: what changes do to signed-in users, the new-user form, and the user list. */
export function AdminUsers({ me }: { me: string }) {
  return (
    <div className="admin-users">
      <SessionEffectNote kind="page" />
      <section className="card admin-card">
        <CreateUserForm />
      </section>
      <UsersTable me={me} />
    </div>
  );
}
