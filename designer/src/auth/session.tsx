// Login session: token + user kept in localStorage, exposed with an ApiClient through React context.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
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
  /** Whether the role may change flows (operators may only watch and replay). */
  canEdit: boolean;
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

  const value = useMemo<Session>(() => ({
    user: stored?.user ?? null,
    token: stored?.token ?? null,
    api: new ApiClient(stored?.token ?? null, logout),
    login,
    logout,
    canEdit: stored?.user.role !== 'operator',
  }), [stored, login, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
