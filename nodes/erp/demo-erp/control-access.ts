// Who may use the demo ERP's control routes (fault injection, issuing POs): a caller's middleware, a bearer token, or nobody.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A middleware that admits or refuses (the runtime's admin guard), or `{token}` for a standalone demo ERP. */
export type ControlAccess = RequestHandler | { token: string };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function refuse(response: Response, status: number, error: string, message: string): void {
  response.status(status).json({ error, details: [{ path: 'header.Authorization', message }] });
}

/** Compares hashes in constant time, so the token's length and prefix do not leak through timing. */
function tokenGuard(token: string): RequestHandler {
  const expected = digest(token);
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('Authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (given && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    refuse(response, 401, 'demo ERP control token required', given ? 'token is wrong' : 'send "Authorization: Bearer <demo ERP control token>"');
  };
}

const disabled: RequestHandler = (_request, response) => {
  refuse(response, 403, 'demo ERP control routes are disabled', 'start the demo ERP with a control token to use fault injection');
};

export function controlAccessFor(access: ControlAccess | undefined): RequestHandler {
  if (access === undefined) return disabled;
  if (typeof access === 'function') return access;
  if (!access.token) return disabled;
  return tokenGuard(access.token);
}
