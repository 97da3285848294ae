// The ledger API: search documents, read one with its payloads (by permission), and one purchase order's lifecycle.
import type { AuthUser } from './auth.js';
import type { ApiRouter, RouteRequest } from './api-router.js';
import { HttpError } from './http-error.js';
import { queryTime } from './query-time.js';
import { InvalidCursorError, type DocumentFilters, type DocumentSummary, type LedgerQueries } from '../ledger/ledger-queries.js';
import { LEDGER_CHANNELS, LEDGER_STATUSES, type JSONSchema } from '../../nodes/sdk/index.js';
import { lifecycleOf, stepOf, type Lifecycle } from '../ledger/lifecycle.js';
import { acknowledgementChanges, type AcknowledgementChanges, type StoredDocumentJson } from '../ledger/ack-changes.js';

type DocumentQuery = Partial<Record<'partner' | 'type' | 'status' | 'direction' | 'channel' | 'flow' | 'key' | 'correlationId' | 'from' | 'to' | 'limit' | 'cursor', string>>;

const text = (description: string) => ({ type: 'string', maxLength: 128, description });

export const DOCUMENT_QUERY_SCHEMA: JSONSchema = {
  type: 'object',
  properties: {
    partner: text('Partner id.'),
    type: text('Document type: purchaseOrder, acknowledgement, asn, invoice, x12-interchange, 997, ...'),
    status: { type: 'string', enum: [...LEDGER_STATUSES] as string[], description: 'Lifecycle status.' },
    direction: { type: 'string', enum: ['in', 'out'] },
    channel: { type: 'string', enum: [...LEDGER_CHANNELS] as string[] },
    flow: text('Flow id.'),
    key: text('Any business key (PO, ack, ASN/shipment, invoice, customer order number), matched from the start of the key or of any word in it.'),
    correlationId: text('Exact correlation id.'),
    from: { type: 'string', description: 'ISO date-time: received at or after.' },
    to: { type: 'string', description: 'ISO date-time: received at or before.' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Documents per page, 1-500 (default 50).' },
    cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page.' },
  },
  additionalProperties: false,
};


export function documentFilters(query: DocumentQuery): DocumentFilters {
  const limit = query.limit ? Number(query.limit) : undefined;
  if (limit !== undefined && (limit < 1 || limit > 500)) throw new HttpError(400, 'query is invalid', [{ path: 'query.limit', message: 'must be between 1 and 500' }]);
  const filters: DocumentFilters = {};
  for (const name of ['partner', 'type', 'status', 'direction', 'channel', 'flow', 'key', 'correlationId', 'cursor'] as const) {
    if (query[name]) filters[name] = query[name];
  }
  const from = queryTime(query.from, 'from');
  const to = queryTime(query.to, 'to');
  return { ...filters, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(limit !== undefined ? { limit } : {}) };
}

function mayReadPayloads(request: RouteRequest): boolean {
  const user = request.raw.res?.locals.user as AuthUser | undefined;
  return user?.permissions.includes('ledger.payloads') ?? false;
}

export interface DocumentRouteDeps {
  queries: LedgerQueries;
  /** Writes what is still buffered, so a search right after a request sees it. */
  flush(): Promise<void>;
  /** The lifecycle with SLA due times and open alerts (ledger/sla-service.ts); without it, the steps alone. */
  lifecycle?(poNumber: string, documents: DocumentSummary[]): Promise<Lifecycle>;
}

export function registerDocumentRoutes(api: ApiRouter, deps: DocumentRouteDeps): void {
  api.add<unknown, DocumentQuery>({
    method: 'get', path: '/api/documents', tag: 'ledger', summary: 'Search the document ledger, newest first; pass nextCursor as cursor for older documents', access: 'authenticated',
    query: DOCUMENT_QUERY_SCHEMA,
    handler: async ({ query }) => {
      const filters = documentFilters(query);
      await deps.flush();
      try {
        return await deps.queries.search(filters);
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new HttpError(400, 'query is invalid', [{ path: 'query.cursor', message: error.message }]);
        throw error;
      }
    },
  });

  api.add({
    method: 'get', path: '/api/documents/:id', tag: 'ledger', summary: 'One document: metadata, errors, related documents, and its payloads (masked) for roles with ledger.payloads', access: 'authenticated',
    handler: async (request) => {
      await deps.flush();
      const document = await deps.queries.get(request.params.id!);
      if (!document) throw new HttpError(404, `document "${request.params.id}" is not in the ledger`);
      const related = await deps.queries.children(document.id);
      if (!mayReadPayloads(request)) return { document, related, payloads: [], payloadsHidden: 'your role may not read payloads (permission ledger.payloads)' };
      return { document, related, payloads: await deps.queries.payloads(document.id) };
    },
  });

  api.add({
    method: 'get', path: '/api/transactions/:poNumber', tag: 'ledger', summary: 'The lifecycle of one purchase order: each step, the time between steps, when each is due and whether it is overdue, what is still open, and its open alerts', access: 'authenticated',
    handler: async (request) => {
      const poNumber = request.params.poNumber!;
      await deps.flush();
      const documents = await deps.queries.ofPurchaseOrder(poNumber);
      if (!documents.length) throw new HttpError(404, `no document in the ledger carries PO number "${poNumber}"`);
      const lifecycle = deps.lifecycle ? await deps.lifecycle(poNumber, documents) : lifecycleOf(poNumber, documents);
      // The changes show quantities and prices from the payloads: the same permission as the payloads themselves.
      if (!mayReadPayloads(request)) return { ...lifecycle, changesHidden: 'your role may not read payloads (permission ledger.payloads)' };
      return { ...lifecycle, acknowledgementChanges: await changesOf(deps.queries, documents) };
    },
  });
}

/** A document's canonical payload as JSON, else its raw one when that is JSON (a flow with no canonical stage); undefined when neither is. */
async function storedJsonOf(queries: LedgerQueries, id: string | undefined): Promise<StoredDocumentJson | undefined> {
  if (!id) return undefined;
  const payloads = await queries.payloads(id);
  for (const kind of ['canonical', 'raw'] as const) {
    const payload = payloads.find((candidate) => candidate.kind === kind);
    if (!payload || payload.truncated || payload.contentType !== 'json') continue;
    try { return { kind, value: JSON.parse(payload.body) as unknown }; } catch { /* stored as JSON, so only a damaged row lands here */ }
  }
  return undefined;
}

/** Each acknowledgement of the order (the step's documents that were not refused) against the order's first PO document. */
async function changesOf(queries: LedgerQueries, documents: readonly DocumentSummary[]): Promise<AcknowledgementChanges[]> {
  const order = documents.find((document) => stepOf(document) === 'purchaseOrder');
  const acknowledgements = documents.filter((document) => stepOf(document) === 'acknowledgement' && document.status !== 'refused');
  if (!acknowledgements.length) return [];
  const orderJson = await storedJsonOf(queries, order?.id);
  return Promise.all(acknowledgements.map(async (document) => acknowledgementChanges(
    { acknowledgementId: document.id, ...(order ? { purchaseOrderId: order.id } : {}) }, await storedJsonOf(queries, document.id), orderJson)));
}
