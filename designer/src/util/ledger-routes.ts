// Hash routes of the operator screens (documents, lifecycle, alerts, exceptions); a document search, a work-list tab and its selected item live in the hash so they can be linked.
import type { DocumentFilter, ExceptionStatusFilter, AlertStatus } from '../api/ledger-types';

export type LedgerRoute =
  | { view: 'documents'; search: DocumentFilter }
  | { view: 'document'; documentId: string }
  | { view: 'transaction'; poNumber: string }
  | { view: 'alerts'; status?: AlertStatus | 'all'; id?: string }
  | { view: 'exceptions'; status?: ExceptionStatusFilter | 'all'; id?: string };

const SEARCH_FIELDS = ['key', 'partner', 'type', 'status', 'direction', 'correlationId', 'from', 'to', 'cursor'] as const;

function searchOf(text: string): DocumentFilter {
  const params = new URLSearchParams(text);
  const search: DocumentFilter = {};
  for (const field of SEARCH_FIELDS) {
    const value = params.get(field);
    if (value) search[field] = value;
  }
  return search;
}

/** The operator route a hash names, or undefined when it names another view. */
export function parseLedgerRoute(hash: string): LedgerRoute | undefined {
  const [pathText = '', queryText = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = pathText.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryText);
  const status = params.get('status') ?? undefined;
  const id = params.get('id') ?? undefined;
  if (parts[0] === 'documents' && parts[1]) return { view: 'document', documentId: parts[1] };
  if (parts[0] === 'documents') return { view: 'documents', search: searchOf(queryText) };
  if (parts[0] === 'transactions' && parts[1]) return { view: 'transaction', poNumber: parts[1] };
  if (parts[0] === 'alerts') return { view: 'alerts', ...(status ? { status: status as AlertStatus | 'all' } : {}), ...(id ? { id } : {}) };
  if (parts[0] === 'exceptions') return { view: 'exceptions', ...(status ? { status: status as ExceptionStatusFilter | 'all' } : {}), ...(id ? { id } : {}) };
  return undefined;
}

function withQuery(path: string, values: object): string {
  const entries = Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  return entries.length ? `${path}?${new URLSearchParams(entries).toString()}` : path;
}

export function ledgerRouteHref(route: LedgerRoute): string {
  switch (route.view) {
    case 'documents': return withQuery('#/documents', route.search);
    case 'document': return `#/documents/${encodeURIComponent(route.documentId)}`;
    case 'transaction': return `#/transactions/${encodeURIComponent(route.poNumber)}`;
    case 'alerts': return withQuery('#/alerts', { status: route.status, id: route.id });
    case 'exceptions': return withQuery('#/exceptions', { status: route.status, id: route.id });
  }
}

export const documentHref = (documentId: string) => ledgerRouteHref({ view: 'document', documentId });
export const transactionHref = (poNumber: string) => ledgerRouteHref({ view: 'transaction', poNumber });
export const traceHref = (correlationId: string) => `#/traces/${encodeURIComponent(correlationId)}`;
