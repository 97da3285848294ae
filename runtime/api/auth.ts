// Bearer-token authentication (JWT signed with a key derived from TRADELANE_SECRET) and role checks.
import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { Role, UserStore } from '../store/user-store.js';
import { HttpError } from './http-error.js';
import { effectivePermissions, type Permission } from '../security/permissions.js';

export interface AuthUser {
  username: string;
  role: Role;
  /** The role's permissions plus the user's own grants (see security/permissions.ts). */
  permissions: Permission[];
}

export type Access = 'public' | 'authenticated' | readonly Role[];

const TOKEN_LIFETIME = '12h';

export class AuthService {
  constructor(private readonly users: UserStore, private readonly signingKey: Buffer) {}

  async login(username: string, password: string): Promise<{ token: string; user: AuthUser } | undefined> {
    const user = await this.users.verify(username, password);
    if (!user) return undefined;
    const token = jwt.sign({ role: user.role }, this.signingKey, { subject: user.username, expiresIn: TOKEN_LIFETIME, algorithm: 'HS256' });
    return { token, user: { username: user.username, role: user.role, permissions: effectivePermissions(user.role) } };
  }

  verify(token: string): AuthUser | undefined {
    try {
      const claims = jwt.verify(token, this.signingKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof claims.sub !== 'string' || typeof claims.role !== 'string') return undefined;
      return { username: claims.sub, role: claims.role as Role, permissions: effectivePermissions(claims.role as Role) };
    } catch {
      return undefined;
    }
  }

  /** Express middleware enforcing one access rule; puts the user on res.locals.user. */
  guard(access: Access) {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (access === 'public') {
        next();
        return;
      }
      const header = req.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const user = token ? this.verify(token) : undefined;
      if (!user) {
        next(new HttpError(401, 'authentication required', [{ path: 'header.Authorization', message: token ? 'token is invalid or expired' : 'send "Authorization: Bearer <token>" from POST /api/auth/login' }]));
        return;
      }
      if (access !== 'authenticated' && !access.includes(user.role)) {
        next(new HttpError(403, `role "${user.role}" may not do this`, [{ message: `allowed roles: ${access.join(', ')}` }]));
        return;
      }
      res.locals.user = user;
      next();
    };
  }
}

export function currentUser(res: Response): AuthUser {
  const user = res.locals.user as AuthUser | undefined;
  if (!user) throw new HttpError(401, 'authentication required');
  return user;
}
