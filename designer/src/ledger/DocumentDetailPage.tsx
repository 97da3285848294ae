// Document detail (#/documents/:id): metadata, located errors, related documents, raw and canonical payloads (or why they are withheld), links to lifecycle and trace.
import type { ReactNode } from 'react';
import type { DocumentView, LedgerDocument } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import { useAsync } from '../util/useAsync';
import { documentHref, traceHref, transactionHref } from '../util/ledger-routes';
import { DocumentTable, KeyList } from './DocumentTable';
import { LocatedErrorList } from './LocatedErrorList';
import { PayloadView } from './PayloadView';
import { StatusBadge } from './StatusBadge';
import { useLedgerApi } from './useLedgerApi';

function Metadata({ document }: { document: LedgerDocument }) {
  const rows: Array<[string, ReactNode]> = [
    ['Status', <><StatusBadge status={document.status} />{document.httpStatus ? ` HTTP ${document.httpStatus}` : ''}</>],
    ['Direction', `${document.direction} via ${document.channel}`],
    ['Type', document.documentType],
    ['Partner', document.partnerId ?? '—'],
    ['Flow', document.flowId ? `${document.flowId}${document.flowVersion !== undefined ? ` v${document.flowVersion}` : ''}${document.nodeId ? ` · node ${document.nodeId}` : ''}` : '—'],
    ['Business keys', <KeyList keys={document.keys} />],
    ['Correlation id', <a className="mono" href={traceHref(document.correlationId)}>{document.correlationId}</a>],
    ['Received', formatWhen(document.receivedAt)],
    ['Updated', formatWhen(document.updatedAt)],
    ['Size', document.sizeBytes !== undefined ? `${document.sizeBytes} bytes` : '—'],
  ];
  if (document.durationMs !== undefined) rows.push(['Duration', `${document.durationMs} ms`]);
  if (document.edi) rows.push(['EDI', Object.entries(document.edi).map(([name, value]) => `${name} ${value}`).join(' · ')]);
  if (document.facts) rows.push(['Facts', Object.entries(document.facts).map(([name, value]) => `${name}: ${String(value)}`).join(' · ')]);
  return (
    <dl className="ledger-meta" aria-label="Document metadata">
      {rows.map(([label, value]) => <div key={label} className="ledger-meta-row"><dt>{label}</dt><dd>{value}</dd></div>)}
    </dl>
  );
}

function Payloads({ view }: { view: DocumentView }) {
  if (view.payloadsHidden) {
    return <p className="card ledger-withheld" role="note" aria-label="Payloads withheld">Payloads withheld: your role needs the <code>ledger.payloads</code> permission ({view.payloadsHidden}).</p>;
  }
  if (!view.payloads.length) return <p className="muted">No payload stored (refused before it was read, or past payload retention).</p>;
  return <div className="ledger-payloads">{view.payloads.map((payload) => <PayloadView key={payload.kind} payload={payload} />)}</div>;
}

export function DocumentDetailPage({ documentId }: { documentId: string }) {
  const ledger = useLedgerApi();
  const view = useAsync(() => ledger.getDocument(documentId), [ledger, documentId]);
  const document = view.data?.document;
  return (
    <main className="page">
      <div className="page-head">
        <h1>Document <span className="mono">{documentId}</span></h1>
        <a className="button" href="#/documents">Back to search</a>
      </div>
      {view.error && <p role="alert" className="error-text">{view.error}</p>}
      {view.loading && !view.data && <p className="muted">Loading…</p>}
      {document && view.data && (
        <>
          <nav className="ledger-links" aria-label="Document links">
            {document.keys.poNumber && <a className="button" href={transactionHref(document.keys.poNumber)}>Lifecycle of {document.keys.poNumber}</a>}
            <a className="button" href={traceHref(document.correlationId)}>Trace {document.correlationId}</a>
            {document.parentId && <a className="button" href={documentHref(document.parentId)}>Parent document</a>}
          </nav>
          <section className="card" aria-label="Metadata"><Metadata document={document} /></section>
          <h2>Errors</h2>
          <LocatedErrorList errors={document.errors} label="Document errors" />
          {view.data.related.length > 0 && (<><h2>Related documents</h2><DocumentTable documents={view.data.related} label="Related documents" /></>)}
          <h2>Payloads</h2>
          <Payloads view={view.data} />
        </>
      )}
    </main>
  );
}
