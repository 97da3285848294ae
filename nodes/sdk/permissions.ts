// The permission vocabulary shared by the runtime (which enforces it) and the designer (which explains it); roles live in the runtime.

/**
 * Permissions that are not a matter of which route a role may call but of what a deploy or a replay contains.
 * - deploy.code: flows with nodes that run code (function).
 * - deploy.filesystem: flows with nodes that read or write files (file, file in, watch).
 * - deploy.open-endpoint: flows with endpoints that need no partner authentication (tl-intake auth "none", http in).
 * - deadletter.replay-unvalidated: replaying an edited dead letter past validation (a reason is required).
 * - ledger.payloads: reading the payloads the ledger and traces captured (masked); metadata is open to every role.
 */
export const PERMISSIONS = ['deploy.code', 'deploy.filesystem', 'deploy.open-endpoint', 'deadletter.replay-unvalidated', 'ledger.payloads'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
