// Where each dashboard number is explained: the documents, alerts, exceptions and dead-letter screens, filtered to match.
import { routeHref } from '../util/useHashRoute';
import type { TimeWindow } from './operations-api';

export type DocumentFilter = Partial<Record<'status' | 'partner' | 'type' | 'direction' | 'key' | 'correlationId' | 'from' | 'to', string>>;

/** The documents screen (#/documents) with a filter in its query, the same names GET /api/documents takes. */
export function documentsHref(filter: DocumentFilter, window?: TimeWindow): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...(window ? { from: window.from, to: window.to } : {}) })) {
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return `#/documents${text ? `?${text}` : ''}`;
}

export const alertsHref = (filter: { status?: string; partner?: string } = {}) => withQuery('#/alerts', filter);
export const exceptionsHref = (filter: { status?: string } = {}) => withQuery('#/exceptions', filter);
export const deadLettersHref = () => routeHref({ view: 'deadletters' });
export const flowHref = (flowId: string) => routeHref({ view: 'flow', flowId });
export const transactionHref = (poNumber: string) => `#/transactions/${encodeURIComponent(poNumber)}`;

function withQuery(base: string, filter: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}
