// Pages of the audit log for a filter: the first page on every new filter, older ones appended with the cursor.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import type { AuditEntry, AuditFilter } from '../api/types';
import { locateErrors, type LocatedErrors } from './form-errors';

export interface AuditLog {
  entries: AuditEntry[];
  hasMore: boolean;
  loading: boolean;
  error: LocatedErrors | null;
  /** The server refused the caller's role (403). */
  forbidden: boolean;
  loadMore(): void;
}

export function useAuditLog(filter: AuditFilter): AuditLog {
  const { api } = useSession();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<LocatedErrors | null>(null);
  const [forbidden, setForbidden] = useState(false);

  const load = useCallback(async (after: string | undefined, isCurrent: () => boolean) => {
    setLoading(true);
    try {
      const page = await api.listAudit(filter, after);
      if (!isCurrent()) return;
      setEntries((current) => (after ? [...current, ...page.entries] : page.entries));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      if (!isCurrent()) return;
      setForbidden(err instanceof ApiError && err.status === 403);
      setError(locateErrors(err));
      if (!after) { setEntries([]); setCursor(undefined); }
    } finally {
      if (isCurrent()) setLoading(false);
    }
  }, [api, filter]);

  useEffect(() => {
    let current = true;
    void load(undefined, () => current);
    return () => { current = false; };
  }, [load]);

  const loadMore = useCallback(() => { if (cursor) void load(cursor, () => true); }, [cursor, load]);
  return { entries, hasMore: cursor !== undefined, loading, error, forbidden, loadMore };
}
