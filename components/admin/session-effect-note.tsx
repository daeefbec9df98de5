/**
 * What a change does to the user's open sessions and live connections (server/auth/:
 * every change bumps the user's token version; live sockets are checked again every 5 s).
 */
export function SessionEffectNote({ kind }: { kind: 'access' | 'password' | 'delete' | 'page' }) {
  const text = {
    page: 'Changes take effect within seconds, also for users who are signed in right now: a change of role, stores or password ends their open sessions (their next page asks them to sign in again, with the new access), and their open live connections leave the stores they may no longer see within about 5 s. A new password or a deletion closes those connections.',
    access: 'Takes effect within seconds: this user’s open sessions end (the next page asks them to sign in again), and their live connections leave the stores they may no longer see within about 5 s.',
    password: 'This user’s open sessions end and their live connections close within about 5 s; give them the new password.',
    delete: 'The user can no longer sign in; their open sessions end and their live connections close within about 5 s. This cannot be undone.',
  }[kind];
  return (
    <p className={kind === 'page' ? 'admin-note' : 'muted small'} role="note">
      {text}
    </p>
  );
}
