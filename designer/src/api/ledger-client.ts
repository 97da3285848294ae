// Calls to the ledger, lifecycle, alert and exception routes over the session's ApiClient (kept apart from client.ts to ease merging).
import type { ApiClient } from './client';
import type {
  AlertDetail, AlertPage, AlertStatus, DocumentFilter, DocumentPage, DocumentView, ExceptionDetail, ExceptionFilter, ExceptionPage, Lifecycle,
} from './ledger-types';

function query(values: object): string {
  const entries = Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

const enc = encodeURIComponent;

export function ledgerApi(api: ApiClient) {
  return {
    searchDocuments: (filter: DocumentFilter, limit = 25) => api.request<DocumentPage>('GET', `/api/documents${query({ ...filter, limit: String(limit) })}`),
    getDocument: (id: string) => api.request<DocumentView>('GET', `/api/documents/${enc(id)}`),
    lifecycle: (poNumber: string) => api.request<Lifecycle>('GET', `/api/transactions/${enc(poNumber)}`),

    listAlerts: (filter: { status?: AlertStatus; cursor?: string }, limit = 50) => api.request<AlertPage>('GET', `/api/alerts${query({ ...filter, limit: String(limit) })}`),
    getAlert: (id: string) => api.request<AlertDetail>('GET', `/api/alerts/${enc(id)}`),
    acknowledgeAlert: (id: string, comment?: string) => api.request<AlertDetail>('POST', `/api/alerts/${enc(id)}/acknowledge`, comment ? { comment } : {}),
    resolveAlert: (id: string, comment: string) => api.request<AlertDetail>('POST', `/api/alerts/${enc(id)}/resolve`, { comment }),
    commentAlert: (id: string, comment: string) => api.request<AlertDetail>('POST', `/api/alerts/${enc(id)}/comment`, { comment }),

    listExceptions: (filter: ExceptionFilter, limit = 50) => api.request<ExceptionPage>('GET', `/api/exceptions${query({ ...filter, limit: String(limit) })}`),
    getException: (id: string) => api.request<ExceptionDetail>('GET', `/api/exceptions/${enc(id)}`),
    assignException: (id: string, assignee: string) => api.request<ExceptionDetail>('POST', `/api/exceptions/${enc(id)}/assign`, { assignee }),
    commentException: (id: string, text: string) => api.request<ExceptionDetail>('POST', `/api/exceptions/${enc(id)}/comment`, { text }),
    resolveException: (id: string, resolution: string, comment?: string) =>
      api.request<ExceptionDetail>('POST', `/api/exceptions/${enc(id)}/resolve`, { resolution, ...(comment ? { comment } : {}) }),
  };
}

export type LedgerApi = ReturnType<typeof ledgerApi>;
