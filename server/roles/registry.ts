import { aggregatorRole } from './aggregator-role';
import { alertsRole } from './alerts-role';
import { dlqRole } from './dlq-role';
import { exceptionsRole } from './exceptions-role';
import { inventoryRole } from './inventory-role';
import type { Role } from './role';
import { simulatorRole } from './simulator-role';
import { sinkRole } from './sink-role';
import { validatorRole } from './validator-role';
import { webRole } from './web-role';

/** Every role a Tillstream process can run, in start order. Add a worker here. */
export const ROLES: Role[] = [webRole, validatorRole, aggregatorRole, inventoryRole, exceptionsRole, dlqRole, alertsRole, sinkRole, simulatorRole];

export class UnknownRoleError extends Error {
  constructor(names: string[]) {
    super(`Unknown role(s) in ROLES: ${names.join(', ')}. Known roles: ${ROLES.map((r) => r.name).join(', ')} (or "all").`);
    this.name = 'UnknownRoleError';
  }
}

/** "all" or a comma-separated list such as "web,sink" → the roles, in start order. */
export function resolveRoles(spec: string): Role[] {
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.includes('all')) return ROLES;
  const unknown = names.filter((n) => !ROLES.some((r) => r.name === n));
  if (unknown.length > 0) throw new UnknownRoleError(unknown);
  return ROLES.filter((r) => names.includes(r.name));
}
