// Per-node message data of one correlation id (GET /api/traces/:cid/data); tells a 403 (no ledger.payloads permission) apart from other failures.
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import { ApiError, errorText } from '../api/client';
import type { TraceData } from '../api/operations-types';
import { getTraceData } from '../operations/operations-api';

export interface TraceDataState {
  data: TraceData | null;
  forbidden: boolean;
  error: string | null;
  loading: boolean;
}

export function useTraceData(correlationId: string | undefined): TraceDataState {
  const { api } = useSession();
  const [state, setState] = useState<TraceDataState>({ data: null, forbidden: false, error: null, loading: false });
  useEffect(() => {
    if (!correlationId) {
      setState({ data: null, forbidden: false, error: null, loading: false });
      return;
    }
    let cancelled = false;
    setState({ data: null, forbidden: false, error: null, loading: true });
    getTraceData(api, correlationId).then(
      (data) => { if (!cancelled) setState({ data, forbidden: false, error: null, loading: false }); },
      (err: unknown) => {
        if (cancelled) return;
        const forbidden = err instanceof ApiError && err.status === 403;
        setState({ data: null, forbidden, error: forbidden ? null : errorText(err), loading: false });
      },
    );
    return () => { cancelled = true; };
  }, [api, correlationId]);
  return state;
}
