// The user list for the Users screen, and the admin's changes to it; each change reloads the list.
import { useCallback } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import type { ManagedUser, Role, UserChanges } from '../api/types';

export interface UserActions {
  create(username: string, password: string, role: Role): Promise<void>;
  update(username: string, changes: UserChanges): Promise<void>;
  resetPassword(username: string, password: string): Promise<void>;
  remove(username: string): Promise<void>;
}

export function useUsers(): { users: ManagedUser[] | undefined; error: string | null; loading: boolean; actions: UserActions } {
  const { api } = useSession();
  const list = useAsync(() => api.listUsers(), [api]);
  const { reload } = list;
  // Reload after the call whether it succeeded or not: a refusal may mean the list was stale.
  const thenReload = useCallback(async (work: Promise<unknown>) => {
    try {
      await work;
    } finally {
      reload();
    }
  }, [reload]);

  const actions: UserActions = {
    create: (username, password, role) => thenReload(api.createUser(username, password, role)),
    update: (username, changes) => thenReload(api.updateUser(username, changes)),
    resetPassword: (username, password) => api.resetPassword(username, password).then(() => undefined),
    remove: (username) => thenReload(api.deleteUser(username)),
  };
  return { users: list.data, error: list.error, loading: list.loading, actions };
}
