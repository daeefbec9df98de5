'use client';

import { ROLE_LABELS, ROLES, type Role } from './admin-api';

/** The role of a user, as a labelled select. */
export function RoleSelect({
  value,
  onChange,
  disabled,
  invalid,
  describedBy,
}: {
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <label className="admin-field">
      Role
      <select
        name="role"
        value={value}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
