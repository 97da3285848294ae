// Schema-first routes: one JSON Schema per route validates the request and documents it in the OpenAPI file.
import express, { type RequestHandler, type Response, type Router } from 'express';
import { compileSchema, createAjv, type JSONSchema } from '../../nodes/sdk/index.js';
import type { Permission } from '../../nodes/sdk/permissions.js';
import type { Access, AuthService, AuthUser } from './auth.js';
import { ROLES, type Role } from '../store/user-store.js';
import { HttpError } from './http-error.js';
import { AUDIT_ERROR, AUDIT_RESULT, type RouteAuditor, type RouteAudit, type RouteRequest } from './route-audit.js';

export type { RouteAudit, RouteRequest } from './route-audit.js';

export interface RouteDefinition<Body = unknown, Query = Record<string, string | undefined>> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express path, e.g. "/api/flows/:id". */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  /** A permission the caller needs besides the access rule (a role's default or a grant): 403 without it. */
  permission?: Permission;
  body?: JSONSchema;
  query?: JSONSchema;
  /** Schema of the success response, for the OpenAPI document. */
  response?: JSONSchema;
  successStatus?: number;
  /** Error answers the route documents besides the usual 400/401/403, by status: what they mean and their body. */
  errors?: Record<number, { description: string; schema: JSONSchema }>;
  /** Governed actions declare their audit entry; the router records it for every outcome. */
  audit?: RouteAudit<Body, Query>;
  handler(request: RouteRequest<Body, Query>, res: Response): unknown;
}

interface OpenApiOperation {
  tags: string[];
  summary: string;
  security?: Array<Record<string, string[]>>;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  /** The route's access rule as the guard enforces it: "public", "authenticated" or the roles. */
  'x-access': Access;
  /** Roles that may call the route ([] for public routes, which need no token). */
  'x-roles': readonly Role[];
  /** Audit action recorded for every call, when the route is governed. */
  'x-audit-action'?: string;
  /** Permission the caller needs besides its role being listed. */
  'x-permission'?: Permission;
}

const errorSchema: JSONSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, nodeId: { type: 'string' }, message: { type: 'string' } } } } },
  required: ['error', 'details'],
};

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

export class ApiRouter {
  readonly router: Router = express.Router();
  private readonly ajv = createAjv();
  private readonly paths: Record<string, Record<string, OpenApiOperation>> = {};

  /**
   * bodyParsers run once the caller is authenticated: a caller without a valid token is answered 401 before a byte of
   * its body is read, so strangers cannot make the server buffer request bodies.
   */
  constructor(private readonly auth: AuthService, private readonly auditor?: RouteAuditor, private readonly bodyParsers: RequestHandler[] = []) {}

  add<Body = unknown, Query = Record<string, string | undefined>>(route: RouteDefinition<Body, Query>): void {
    const checkBody = route.body ? compileSchema(this.ajv, route.body) : undefined;
    const checkQuery = route.query ? compileSchema(this.ajv, route.query) : undefined;
    const recordAudit = route.audit && this.auditor ? [this.auditor.middleware(route.audit as RouteAudit)] : [];
    const guard = this.auth.guardSteps(route.access);
    this.router[route.method](route.path, ...recordAudit, guard.authenticated, ...this.bodyParsers, guard.authorized, async (req, res, next) => {
      try {
        if (route.permission && !(res.locals.user as AuthUser | undefined)?.permissions.includes(route.permission)) {
          throw new HttpError(403, `this needs the permission ${route.permission}, which your role does not have (an admin can grant it)`);
        }
        if (checkBody) {
          const problems = checkBody(req.body ?? {});
          if (problems.length) throw new HttpError(400, 'request body is invalid', problems);
        }
        if (checkQuery) {
          const problems = checkQuery({ ...req.query });
          if (problems.length) throw new HttpError(400, 'query is invalid', problems.map((p) => ({ ...p, path: p.path.replace(/^\$/, 'query') })));
        }
        const result = await route.handler({ body: (req.body ?? {}) as Body, query: req.query as Query, params: req.params as Record<string, string>, raw: req }, res);
        res.locals[AUDIT_RESULT] = result;
        // A handler may pick another success status (e.g. 201 when a PUT creates); otherwise the route's default.
        if (!res.headersSent) res.status(res.statusCode !== 200 ? res.statusCode : route.successStatus ?? 200).json(result ?? {});
      } catch (error) {
        res.locals[AUDIT_ERROR] = error;
        next(error);
      }
    });
    this.document(route as RouteDefinition);
  }

  private document(route: RouteDefinition): void {
    const operation: OpenApiOperation = {
      tags: [route.tag],
      summary: route.summary,
      'x-access': route.access,
      'x-roles': route.access === 'public' ? [] : route.access === 'authenticated' ? ROLES : route.access,
      ...(route.audit ? { 'x-audit-action': route.audit.action } : {}),
      ...(route.permission ? { 'x-permission': route.permission } : {}),
      responses: {
        [String(route.successStatus ?? 200)]: { description: 'OK', content: { 'application/json': { schema: route.response ?? { type: 'object' } } } },
        '400': { description: 'Invalid request', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    for (const [status, answer] of Object.entries(route.errors ?? {})) operation.responses[status] = { description: answer.description, content: { 'application/json': { schema: answer.schema } } };
    if (route.access !== 'public') {
      operation.security = [{ bearerAuth: [] }];
      operation.responses['401'] = { description: 'Missing or invalid token', content: { 'application/json': { schema: errorSchema } } };
      if (route.access !== 'authenticated') operation.responses['403'] = { description: `Allowed roles: ${route.access.join(', ')}` };
      if (route.permission) operation.responses['403'] = { description: `Needs the permission ${route.permission}` };
    }
    const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    for (const [name, schema] of Object.entries(route.query?.properties ?? {})) parameters.push({ name, in: 'query', required: route.query?.required?.includes(name) ?? false, schema });
    if (parameters.length) operation.parameters = parameters;
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: route.body } } };
    (this.paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }

  openApiDocument(version: string): Record<string, unknown> {
    return {
      openapi: '3.1.0',
      info: { title: 'Tradelane API', version, description: 'Runtime API: flows and versions, node catalog, traces, dead letters, partners, templates.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, schemas: { Error: errorSchema } },
      paths: this.paths,
    };
  }
}
