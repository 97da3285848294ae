// One exception: what does not match (located details), its keys and links, the actions to work it, and its history.
import type { ExceptionDetail } from '../api/ledger-types';
import type { LocatedAction } from '../admin/useLocatedAction';
import { formatWhen } from '../util/format';
import { documentHref, traceHref, transactionHref } from '../util/ledger-routes';
import { KeyList } from '../ledger/DocumentTable';
import { LocatedErrorList } from '../ledger/LocatedErrorList';
import { StatusBadge } from '../ledger/StatusBadge';
import { ExceptionActions, type ExceptionAct } from './ExceptionActions';
import { ExceptionHistory } from './ExceptionHistory';

export function ExceptionDetailPanel({ detail, action, act }: { detail: ExceptionDetail; action: LocatedAction; act: ExceptionAct }) {
  const { exception } = detail;
  return (
    <section className="work-detail" aria-label="Exception detail">
      <h2>{exception.summary}</h2>
      <div className="small">
        <StatusBadge status={exception.status} label="Exception status" /> <code>{exception.kind}</code>
        {exception.partnerId ? ` · ${exception.partnerId}` : ''} · opened {formatWhen(exception.openedAt)}{exception.assignee ? ` · assigned to ${exception.assignee}` : ''}
      </div>
      <div className="ledger-links">
        <KeyList keys={exception.keys} />
        {exception.keys.poNumber && <a href={transactionHref(exception.keys.poNumber)}>Lifecycle of {exception.keys.poNumber}</a>}
        {exception.documentId && <a href={documentHref(exception.documentId)}>Document</a>}
        <a href={traceHref(exception.correlationId)}>Trace</a>
      </div>
      {exception.resolution && <p className="notice success">Resolved by {exception.resolvedBy} {formatWhen(exception.resolvedAt)}: {exception.resolution}</p>}
      <h3>Deviations</h3>
      <LocatedErrorList errors={exception.details} label="Exception deviations" />
      <ExceptionActions key={exception.id} exception={exception} action={action} act={act} />
      <h3>History</h3>
      <ExceptionHistory detail={detail} />
    </section>
  );
}
