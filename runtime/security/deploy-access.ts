// Who is deploying: the role and effective permissions a deploy, validation, rollback or template run is checked against.
import { PERMISSIONS, type Permission } from './permissions.js';

/** The caller of a deploy. An AuthUser (currentUser(res)) is one. */
export interface DeployAccess {
  /** Shown in messages: 'node type "function" ... which role "analyst" does not have'. */
  role: string;
  permissions: readonly Permission[];
}

/**
 * The runtime itself: first-start demo seeding and the structural check of shipped templates at load.
 * Never used for a request; a request always carries its caller's access.
 */
export const SYSTEM_ACCESS: DeployAccess = Object.freeze({ role: 'system', permissions: PERMISSIONS });
