// The ledger routes' client for the signed-in session.
import { useMemo } from 'react';
import { useSession } from '../auth/session';
import { ledgerApi, type LedgerApi } from '../api/ledger-client';

export function useLedgerApi(): LedgerApi {
  const { api } = useSession();
  return useMemo(() => ledgerApi(api), [api]);
}
