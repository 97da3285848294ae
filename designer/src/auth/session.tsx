// Login session: token + user kept in localStorage, exposed with an ApiClient through React context.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from '../api/client';
import type { User } from '../api/types';

const STORAGE_KEY = 'tradelane.session';

interface StoredSession {
  token: string;
  user: User;
}

export interface Session {
  user: User | null;
  token: string | null;
  api: ApiClient;
  login(username: string, password: string): Promise<void>;
  logout(): void;
  /** Keeps the session on the token the server issued after a password change (the old one is revoked). */
  replaceToken(token: string): void;
  /** Whether the role may change flows (operators may only watch and replay). */
  canEdit: boolean;
  /** Whether the role may manage users (admins). */
  canManageUsers: boolean;
  /** Whether the role may read the audit log (admins and operators; the server answers analysts 403). */
  canReadAudit: boolean;
}

const SessionContext = createContext<Session | null>(null);

function readStored(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<StoredSession | null>(readStored);

  // Forget the session here at once; revoke the token on the server too (a revoked or expired one just answers 401).
  const logout = useCallback(() => {
    const token = readStored()?.token;
    localStorage.removeItem(STORAGE_KEY);
    setStored(null);
    if (token) new ApiClient(token).logout().catch(() => undefined);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const response = await new ApiClient(null).login(username, password);
    const next = { token: response.token, user: response.user ?? { username, role: 'analyst' } };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setStored(next);
  }, []);

  const replaceToken = useCallback((token: string) => {
    setStored((current) => {
      if (!current) return current;
      const next = { ...current, token };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  useCurrentUser(stored, setStored, logout);

  const value = useMemo<Session>(() => ({
    user: stored?.user ?? null,
    token: stored?.token ?? null,
    api: new ApiClient(stored?.token ?? null, logout),
    login,
    logout,
    replaceToken,
    canEdit: stored?.user.role !== 'operator',
    canManageUsers: stored?.user.role === 'admin',
    canReadAudit: stored?.user.role === 'admin' || stored?.user.role === 'operator',
  }), [stored, login, logout, replaceToken]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * Asks the server who the token belongs to once per token: an admin may have changed the role since the session was
 * stored, and the header's links follow the role. A 401 (deleted, disabled or revoked) ends the session.
 */
function useCurrentUser(stored: StoredSession | null, setStored: (update: (current: StoredSession | null) => StoredSession | null) => void, logout: () => void): void {
  const token = stored?.token ?? null;
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    new ApiClient(token, logout).me().then((user) => {
      if (cancelled) return;
      const fresh: User = { username: user.username, role: user.role, permissions: user.permissions };
      // Unchanged: keep the same object, so views that load with the session's client do not load twice.
      setStored((current) => {
        if (!current || current.token !== token || JSON.stringify(current.user) === JSON.stringify(fresh)) return current;
        const next = { token, user: fresh };
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        return next;
      });
    }, () => undefined);
    return () => { cancelled = true; };
  }, [token, setStored, logout]);
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
