// The steps of one purchase order in order, each with when it happened, the time since the step before, its SLA due time and its documents.
import type { Lifecycle, LedgerDocument, LifecycleStep } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import { documentHref } from '../util/ledger-routes';
import { AckChanges } from './AckChanges';
import { formatDuration } from './format';
import { StatusBadge } from './StatusBadge';

function Due({ step }: { step: LifecycleStep }) {
  if (!step.dueAt) return null;
  if (step.overdue) return <span className="error-text small" aria-label={`${step.title} overdue`}> · overdue since {formatWhen(step.dueAt)}</span>;
  if (step.late) return <span className="small lifecycle-late"> · late (due {formatWhen(step.dueAt)})</span>;
  return <span className="muted small"> · due {formatWhen(step.dueAt)}</span>;
}

function StepDocuments({ step, documents }: { step: LifecycleStep; documents: Map<string, LedgerDocument> }) {
  if (!step.documentIds.length) return null;
  return (
    <ul className="small">
      {step.documentIds.map((id) => {
        const document = documents.get(id);
        return (
          <li key={id}>
            <a href={documentHref(id)}>{document ? `${document.documentType} ${document.direction} ${formatWhen(document.receivedAt)}` : id}</a>{' '}
            {document && <StatusBadge status={document.status} />}
            {document?.errors[0] && <span className="muted"> {document.errors[0].message}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function LifecycleSteps({ lifecycle }: { lifecycle: Lifecycle }) {
  const { steps, documents } = lifecycle;
  const byId = new Map(documents.map((document) => [document.id, document]));
  return (
    <ol className="lifecycle-steps" aria-label="Lifecycle steps">
      {steps.map((step, index) => (
        <li key={step.step} className={`lifecycle-step state-${step.state}${step.overdue ? ' overdue' : ''}`} data-step={step.step}>
          <div className="lifecycle-marker"><span className="lifecycle-dot" />{index < steps.length - 1 && <span className="lifecycle-line" />}</div>
          <div className="lifecycle-body">
            <h3>{step.title} <StatusBadge status={step.overdue ? 'overdue' : step.state} label={`${step.title} state`} /></h3>
            <div className="small">
              {step.firstAt ? formatWhen(step.firstAt) : <span className="muted">not yet</span>}
              {step.sincePreviousMs !== undefined && <span className="lifecycle-gap"> · {formatDuration(step.sincePreviousMs)} after the step before</span>}
              <Due step={step} />
            </div>
            <StepDocuments step={step} documents={byId} />
            {step.step === 'acknowledgement' && <AckChanges changes={lifecycle.acknowledgementChanges} hidden={lifecycle.changesHidden} />}
          </div>
        </li>
      ))}
    </ol>
  );
}
