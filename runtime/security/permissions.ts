// Roles and permissions: what each role has beyond its route access, and the extra grants an admin can give one user.
import { PERMISSIONS, type Permission } from '../../nodes/sdk/permissions.js';
import type { Role } from '../store/user-store.js';

// The vocabulary lives in the SDK, so the designer can explain it without importing the runtime.
export { isPermission, PERMISSIONS, type Permission } from '../../nodes/sdk/permissions.js';

/** What each role has without any extra grant. Admins have every permission; operators read payloads to answer partners; analysts none by default. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  analyst: [],
  operator: ['ledger.payloads'],
};

/** The role's permissions plus the user's own grants. */
export function effectivePermissions(role: Role, grants: readonly Permission[] = []): Permission[] {
  return [...new Set([...ROLE_PERMISSIONS[role], ...grants])].sort();
}
