// Roles and permissions: what each role may do beyond its route access, and the extra grants an admin can give one user.
import type { Role } from '../store/user-store.js';

/**
 * Permissions that are not a matter of which route a role may call but of what a deploy or a replay contains.
 * - deploy.code: flows with nodes that run code (function).
 * - deploy.filesystem: flows with nodes that read or write files (file, file in, watch).
 * - deploy.open-endpoint: flows with endpoints that need no partner authentication (tl-intake auth "none", http in).
 * - deadletter.replay-unvalidated: replaying an edited dead letter past validation (a reason is required).
 */
export const PERMISSIONS = ['deploy.code', 'deploy.filesystem', 'deploy.open-endpoint', 'deadletter.replay-unvalidated'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role has without any extra grant. Admins have every permission; the others none by default. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  analyst: [],
  operator: [],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** The role's permissions plus the user's own grants. */
export function effectivePermissions(role: Role, grants: readonly Permission[] = []): Permission[] {
  return [...new Set([...ROLE_PERMISSIONS[role], ...grants])].sort();
}
