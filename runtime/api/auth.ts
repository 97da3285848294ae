// Bearer-token authentication: JWTs checked against the user store on every request (epoch, disabled, revoked ids), role checks, login throttling.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { Role, UserSession, UserStore } from '../store/user-store.js';
import type { RevokedTokenStore } from '../store/revoked-token-store.js';
import { LoginThrottle, type ThrottleRefusal } from '../security/login-throttle.js';
import { HttpError } from './http-error.js';
import { effectivePermissions, type Permission } from '../security/permissions.js';

export interface AuthUser {
  username: string;
  role: Role;
  /** The role's permissions plus the user's own grants (see security/permissions.ts). */
  permissions: Permission[];
}

/** The token a request came with (res.locals.token). */
export interface TokenInfo {
  id: string;
  expiresAtMs: number;
}

export type Access = 'public' | 'authenticated' | readonly Role[];

export type LoginResult =
  | { outcome: 'ok'; token: string; user: AuthUser }
  | { outcome: 'refused' }
  | { outcome: 'throttled'; refusal: ThrottleRefusal };

/** Emitted when tokens may have stopped working: one user's (any change) or one token (logout). */
export interface Revocation {
  username: string;
  tokenId?: string;
}

const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

function toAuthUser(user: UserSession): AuthUser {
  return { username: user.username, role: user.role, permissions: effectivePermissions(user.role, user.grants) };
}

export class AuthService {
  private readonly revocations = new EventEmitter();

  constructor(
    private readonly users: UserStore,
    private readonly signingKey: Buffer,
    private readonly revoked: RevokedTokenStore,
    private readonly throttle: LoginThrottle = new LoginThrottle(),
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const refusal = this.throttle.check(username, address);
    if (refusal) return { outcome: 'throttled', refusal };
    const user = await this.users.verify(username, password);
    if (!user || user.disabled) {
      this.throttle.recordFailure(username, address);
      return { outcome: 'refused' };
    }
    this.throttle.recordSuccess(username);
    return { outcome: 'ok', token: this.issue(user), user: toAuthUser(user) };
  }

  /** Checks a password for a logged-in user (password change); failures count towards the throttle. */
  async checkPassword(username: string, password: string, address: string): Promise<'ok' | 'wrong' | ThrottleRefusal> {
    const refusal = this.throttle.check(username, address);
    if (refusal) return refusal;
    if (await this.users.verify(username, password)) return 'ok';
    this.throttle.recordFailure(username, address);
    return 'wrong';
  }

  /** New password and a new epoch: every earlier token of the user is refused, open sockets are re-checked. */
  async changePassword(username: string, password: string): Promise<boolean> {
    const changed = await this.users.setPassword(username, password);
    if (changed) this.userChanged(username);
    return changed;
  }

  /** A fresh token for the user's current epoch (after a password change the caller keeps working with it). */
  async reissue(username: string): Promise<string | undefined> {
    const user = await this.users.session(username);
    return user && !user.disabled ? this.issue(user) : undefined;
  }

  async verify(token: string): Promise<{ user: AuthUser; token: TokenInfo } | undefined> {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.signingKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    } catch {
      return undefined;
    }
    if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.ep !== 'string' || typeof claims.exp !== 'number') return undefined;
    if (this.revoked.isRevoked(claims.jti)) return undefined;
    const user = await this.users.session(claims.sub);
    if (!user || user.disabled || !user.epoch || user.epoch !== claims.ep) return undefined;
    return { user: toAuthUser(user), token: { id: claims.jti, expiresAtMs: claims.exp * 1000 } };
  }

  /** Logout: this token id is refused until it would have expired, across restarts. */
  async revokeToken(username: string, token: TokenInfo): Promise<void> {
    await this.revoked.revoke(token.id, token.expiresAtMs);
    this.revocations.emit('revoked', { username, tokenId: token.id } satisfies Revocation);
  }

  /** Tells listeners (socket.io) to re-check this user's tokens after a change in the user store. */
  userChanged(username: string): void {
    this.revocations.emit('revoked', { username } satisfies Revocation);
  }

  onRevocation(listener: (revocation: Revocation) => void): void {
    this.revocations.on('revoked', listener);
  }

  /** Express middleware enforcing one access rule; puts the user on res.locals.user and the token on res.locals.token. */
  guard(access: Access) {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (access === 'public') {
        next();
        return;
      }
      this.authenticate(req, res).then(() => { this.authorize(res, access); next(); }).catch(next);
    };
  }

  /**
   * The guard in two steps, for routes that read a body in between: a stranger is refused (401) before the body is
   * read, while a known user's refused request (403) is parsed first, so the audit log can name what they tried.
   */
  guardSteps(access: Access): { authenticated: RequestHandler; authorized: RequestHandler } {
    if (access === 'public') return { authenticated: (_req, _res, next) => next(), authorized: (_req, _res, next) => next() };
    return {
      authenticated: (req, res, next) => { this.authenticate(req, res).then(() => next(), next); },
      authorized: (_req, res, next) => {
        try {
          this.authorize(res, access);
          next();
        } catch (error) {
          next(error);
        }
      },
    };
  }

  private authorize(res: Response, access: Exclude<Access, 'public'>): void {
    const user = currentUser(res);
    if (access !== 'authenticated' && !access.includes(user.role)) {
      throw new HttpError(403, `role "${user.role}" may not do this`, [{ message: `allowed roles: ${access.join(', ')}` }]);
    }
  }

  private async authenticate(req: Request, res: Response): Promise<void> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const verified = token ? await this.verify(token) : undefined;
    if (!verified) {
      throw new HttpError(401, 'authentication required', [{
        path: 'header.Authorization',
        message: token ? 'token is invalid, expired or revoked (logged out, or the user was changed, disabled or deleted): log in again' : 'send "Authorization: Bearer <token>" from POST /api/auth/login',
      }]);
    }
    res.locals.user = verified.user;
    res.locals.token = verified.token;
  }

  private issue(user: UserSession): string {
    return jwt.sign({ role: user.role, ep: user.epoch }, this.signingKey, { subject: user.username, jwtid: randomUUID(), expiresIn: TOKEN_LIFETIME_SECONDS, algorithm: 'HS256' });
  }
}

export function currentUser(res: Response): AuthUser {
  const user = res.locals.user as AuthUser | undefined;
  if (!user) throw new HttpError(401, 'authentication required');
  return user;
}

export function currentToken(res: Response): TokenInfo {
  const token = res.locals.token as TokenInfo | undefined;
  if (!token) throw new HttpError(401, 'authentication required');
  return token;
}
