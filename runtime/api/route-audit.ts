// Records the outcome of every audited route as its answer is sent (success, 4xx and 5xx alike), so no route can forget it.
import type { Request, Response } from 'express';
import type { AuditOutcome, AuditStore } from '../store/audit-store.js';
import type { Logger } from '../logger.js';
import type { AuthUser } from './auth.js';
import { HttpError } from './http-error.js';

/** What a route handler sees of its request. */
export interface RouteRequest<Body = unknown, Query = Record<string, string | undefined>> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  raw: Request;
}

export interface RouteAudit<Body = unknown, Query = Record<string, string | undefined>> {
  /** Dotted action name, e.g. "flow.deploy". */
  action: string;
  /** Name for an outcome other than ok, when it differs (a failed login is "auth.login.failed"). */
  failedAction?: string;
  /** What the action applies to, e.g. "flow:<id>". The body may be invalid here: read it defensively. */
  target(request: RouteRequest<Body, Query>, result: unknown): string;
  /** Facts for a successful call (new version, changed fields); the result is the handler's answer. Never copy secrets. */
  details?(request: RouteRequest<Body, Query>, result: unknown): Record<string, unknown>;
  /** A more precise name for a successful call (a partner update that suspends is "partner.suspend"). */
  refineAction?(request: RouteRequest<Body, Query>, result: unknown): string;
  /** Calls that change nothing (a preview) are not recorded. */
  skip?(request: RouteRequest<Body, Query>): boolean;
}

/** Set by the route wrapper for the recorder. */
export const AUDIT_RESULT = 'auditResult';
export const AUDIT_ERROR = 'auditError';
/** A handler may add facts only it knows (the payload before an edit) as res.locals.auditDetails. */
export const AUDIT_DETAILS = 'auditDetails';

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  return status === 401 || status === 403 || status === 429 ? 'denied' : 'failed';
}

function failureDetails(res: Response): Record<string, unknown> {
  const error: unknown = res.locals[AUDIT_ERROR];
  if (error instanceof HttpError && error.status < 500) return { error: error.message, details: error.details };
  // A handler that answered a refusal itself (res.status(409) + body) put its answer where the result goes.
  const answer = res.locals[AUDIT_RESULT] as { error?: unknown } | undefined;
  if (res.statusCode < 500 && typeof answer?.error === 'string') return { error: answer.error };
  return { error: 'internal error', ...(res.locals.requestId ? { requestId: res.locals.requestId as string } : {}) };
}

export class RouteAuditor {
  constructor(private readonly audit: AuditStore, private readonly logger: Logger) {}

  /**
   * Express middleware placed before the guard. It records when the answer is ended, before its bytes leave:
   * the entry is queued in the store ahead of any request the client sends after reading the answer.
   */
  middleware(audit: RouteAudit) {
    return (req: Request, res: Response, next: () => void): void => {
      // Express restores req.params once an error leaves the route: keep this route's.
      const params = { ...req.params } as Record<string, string>;
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      let recorded = false;
      res.end = ((...args: unknown[]) => {
        if (!recorded) {
          recorded = true;
          this.record(audit, req, res, params);
        }
        return end(...args);
      }) as Response['end'];
      next();
    };
  }

  private record(audit: RouteAudit, req: Request, res: Response, params: Record<string, string>): void {
    const request: RouteRequest = { body: req.body ?? {}, query: req.query as Record<string, string | undefined>, params, raw: req };
    const status = res.statusCode;
    const outcome = outcomeOf(status);
    const result: unknown = res.locals[AUDIT_RESULT];
    const safely = <T>(compute: () => T, fallback: T): T => {
      try { return compute(); } catch { return fallback; }
    };
    if (safely(() => audit.skip?.(request) ?? false, false) && outcome === 'ok') return;
    const action = outcome === 'ok' ? safely(() => audit.refineAction?.(request, result) ?? audit.action, audit.action) : audit.failedAction ?? audit.action;
    const fromHandler = (res.locals[AUDIT_DETAILS] ?? {}) as Record<string, unknown>;
    const details = { ...(outcome === 'ok' ? safely(() => audit.details?.(request, result) ?? {}, {}) : failureDetails(res)), ...fromHandler };
    const actor = (res.locals.user as AuthUser | undefined)?.username ?? 'anonymous';
    // Targets come from the request: bound them, so a refused call cannot write a huge entry.
    const target = safely(() => audit.target(request, result), '?').slice(0, 300);
    this.audit.record(actor, action, target, details, { ip: req.ip ?? req.socket.remoteAddress, outcome, status })
      .catch((error: unknown) => this.logger.error({ err: error, action, target }, 'writing the audit entry failed'));
  }
}
