// One-line explanations of roles and permissions for the admin screens (the names come from nodes/sdk/permissions.ts).
import type { Permission, Role } from '../api/types';

/** A Record over the Permission type: a permission added in the runtime fails the designer's type check until it is explained here. */
export const PERMISSION_TEXT: Readonly<Record<Permission, string>> = {
  'deploy.code': 'deploy function nodes, which run code on the server',
  'deploy.filesystem': 'deploy nodes that read or write files on the server (file, file in, watch)',
  'deploy.open-endpoint': 'deploy endpoints that need no partner authentication (http in, intake without auth)',
  'deadletter.replay-unvalidated': 'replay an edited dead letter past validation (a reason is required)',
  'ledger.payloads': 'read document payloads in the transaction ledger (they can hold prices and addresses)',
};

export const PERMISSIONS = Object.keys(PERMISSION_TEXT) as Permission[];

export const ROLE_TEXT: Readonly<Record<Role, string>> = {
  admin: 'everything, including users and every permission',
  analyst: 'design and deploy flows, onboard partners',
  operator: 'watch flows, replay and discard dead letters, read the audit log',
};

export const ROLES = Object.keys(ROLE_TEXT) as Role[];
