// Documents screen (#/documents): search the ledger by any filter kept in the hash, page through the newest-first results.
import type { DocumentFilter } from '../api/ledger-types';
import { useAsync } from '../util/useAsync';
import type { Route } from '../util/useHashRoute';
import { DocumentSearchForm } from './DocumentSearchForm';
import { DocumentTable } from './DocumentTable';
import { useLedgerApi } from './useLedgerApi';

const PAGE_SIZE = 25;

export function DocumentsPage({ search, navigate }: { search: DocumentFilter; navigate(route: Route): void }) {
  const ledger = useLedgerApi();
  const key = JSON.stringify(search);
  const page = useAsync(() => ledger.searchDocuments(search, PAGE_SIZE), [ledger, key]);
  const { cursor: _cursor, ...withoutCursor } = search;

  return (
    <main className="page">
      <div className="page-head"><h1>Documents</h1></div>
      <DocumentSearchForm search={search} onSearch={(filter) => navigate({ view: 'documents', search: filter })} />
      {page.error && <p role="alert" className="error-text">{page.error}</p>}
      {page.loading && !page.data && <p className="muted">Searching…</p>}
      {page.data && <DocumentTable documents={page.data.documents} />}
      <div className="load-more">
        {search.cursor && <button type="button" onClick={() => navigate({ view: 'documents', search: withoutCursor })}>Newest</button>}
        {page.data?.nextCursor && (
          <button type="button" onClick={() => navigate({ view: 'documents', search: { ...search, cursor: page.data!.nextCursor } })}>Older documents</button>
        )}
        {page.data && !page.data.nextCursor && page.data.documents.length > 0 && <span className="muted small">End of the ledger for this search.</span>}
      </div>
    </main>
  );
}
