// Privilege escalation: every route of the real OpenAPI document × {no token, operator, analyst, admin} must answer exactly as its x-roles say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { ROLE_PERMISSIONS } from '../../runtime/security/permissions.js';
import type { Permission } from '../../nodes/sdk/permissions.js';
import { createUser } from './auth-support.js';

type Role = 'admin' | 'analyst' | 'operator';

interface Operation {
  method: string;
  path: string;
  access: 'public' | 'authenticated' | Role[];
  /** A permission the route needs besides the role: only roles holding it by default get past 403. */
  permission?: Permission;
  roles: Role[];
  hasBody: boolean;
}

/** A body no route schema accepts: a permitted call answers 400 (or 404 for the throwaway ids) and changes nothing. */
const PROBE_BODY = { rbacProbe: true };

/** Calls that end the caller's session run last, and deletes after everything else. */
function order(operation: Operation): number {
  if (operation.path === '/api/auth/logout') return 2;
  return operation.method === 'DELETE' ? 1 : 0;
}

async function readOperations(runtime: RuntimeProcess): Promise<Operation[]> {
  const document = await runtime.api<{ paths: Record<string, Record<string, { 'x-access': Operation['access']; 'x-roles': Role[]; 'x-permission'?: Permission; requestBody?: unknown }>> }>('GET', '/api/openapi.json');
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.body.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      // Throwaway ids: no route finds anything under them, so nothing real is changed or deleted.
      operations.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'rbac-probe'), access: operation['x-access'], roles: operation['x-roles'], ...(operation['x-permission'] ? { permission: operation['x-permission'] } : {}), hasBody: operation.requestBody !== undefined || method === 'post' || method === 'put' });
    }
  }
  return operations.sort((a, b) => order(a) - order(b));
}

describe('RBAC matrix from /api/openapi.json', () => {
  let runtime: RuntimeProcess;
  let operations: Operation[];
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    tokens.admin = await runtime.login();
    tokens.analyst = await createUser(runtime, tokens.admin, 'matrix-analyst', 'analyst');
    tokens.operator = await createUser(runtime, tokens.admin, 'matrix-operator', 'operator');
    operations = await readOperations(runtime);
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  const call = (operation: Operation, token?: string) => runtime.api(operation.method, operation.path, operation.hasBody ? PROBE_BODY : undefined, token);

  it('documents every route\'s roles machine-readably', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const operation of operations) {
      expect(Array.isArray(operation.roles), `${operation.method} ${operation.path}`).toBe(true);
      if (operation.access === 'public') expect(operation.roles).toEqual([]);
      else if (operation.access === 'authenticated') expect([...operation.roles].sort()).toEqual(['admin', 'analyst', 'operator']);
      else expect(operation.roles).toEqual(operation.access);
    }
    expect(operations.filter((operation) => operation.permission).map((operation) => `${operation.method} ${operation.path} ${operation.permission}`)).toEqual(['GET /api/traces/rbac-probe/data ledger.payloads']);
    const publicRoutes = operations.filter((operation) => operation.access === 'public').map((operation) => `${operation.method} ${operation.path}`);
    expect(publicRoutes.sort()).toEqual(['GET /api/health', 'GET /api/ready', 'POST /api/auth/login']);
  });

  it('answers 401 without a token on every non-public route', async () => {
    for (const operation of operations) {
      const response = await call(operation);
      if (operation.access === 'public') expect.soft(response.status, `${operation.method} ${operation.path}`).not.toBe(401);
      else expect.soft(response.status, `${operation.method} ${operation.path}`).toBe(401);
    }
  });

  for (const role of ['operator', 'analyst', 'admin'] as const) {
    it(`answers 403 to ${role} exactly where the route does not list it`, async () => {
      let allowed = 0;
      for (const operation of operations.filter((candidate) => candidate.access !== 'public')) {
        const response = await call(operation, tokens[role]);
        const route = `${role} ${operation.method} ${operation.path} -> ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
        if (operation.roles.includes(role) && (!operation.permission || ROLE_PERMISSIONS[role].includes(operation.permission))) {
          allowed++;
          expect.soft([401, 403], route).not.toContain(response.status);
          expect.soft(response.status, route).toBeLessThan(500);
        } else {
          expect.soft(response.status, route).toBe(403);
        }
      }
      expect(allowed).toBeGreaterThan(10);
    });
  }
});
