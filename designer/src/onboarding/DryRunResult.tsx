// The outcome of a dry run: a "nothing was sent" banner, each hop's output in order, the partner's would-be answer, unreached nodes.
import type { DryRunHop, DryRunReport } from '../api/template-types';

const TREATMENT_TEXT: Record<DryRunHop['treatment'], string> = {
  entry: 'entry',
  ran: 'ran',
  stubbed: 'captured, not sent',
  'passed-through': 'passed through',
  inert: 'inert',
};

export function DryRunResult({ report }: { report: DryRunReport }) {
  const stubbed = report.hops.filter((hop) => hop.treatment === 'stubbed');
  return (
    <section className="dry-run-result" aria-label="Dry run result">
      <p className="notice dry-run-banner" role="status" aria-label="Dry run notice">
        <strong>Dry run — nothing left Tradelane.</strong> No ERP post, webhook, file or HTTP answer was delivered
        {stubbed.length ? ` (${stubbed.length} captured: ${stubbed.map((hop) => hop.name || hop.localId).join(', ')})` : ''}. The partner's flow does not exist yet.
      </p>
      <p aria-label="Dry run outcome" className={report.ok ? 'outcome-ok' : 'outcome-error'}>
        {report.ok ? `The test document went through ${report.hops.length} hop${report.hops.length === 1 ? '' : 's'}.` : `Failed at ${report.failure?.nodeId ?? 'a node'}: ${report.failure?.message ?? 'error'}`}
        <span className="muted small"> · correlation id <span className="mono">{report.correlationId}</span></span>
      </p>
      <ol className="hop-list" aria-label="Hops">
        {report.hops.map((hop, index) => <HopItem key={hop.localId} hop={hop} index={index} />)}
      </ol>
      <h3>Answer the partner would get</h3>
      {report.response ? (
        <div aria-label="Partner answer">
          <span className="status-pill">HTTP {report.response.status}</span>
          <pre className="hop-output">{formatBody(report.response.body)}</pre>
        </div>
      ) : <p className="muted" aria-label="Partner answer">No synchronous answer (the entry does not reply to the partner).</p>}
      {report.notReached.length > 0 && (
        <p className="muted small" aria-label="Not reached">Not reached by this document: {report.notReached.join(', ')}</p>
      )}
    </section>
  );
}

function HopItem({ hop, index }: { hop: DryRunHop; index: number }) {
  return (
    <li className={`hop-card treatment-${hop.treatment}${hop.error ? ' hop-failed' : ''}`} data-hop={hop.localId} aria-label={`Hop ${index + 1}: ${hop.name || hop.localId}`}>
      <div className="hop-card-head">
        <strong>{index + 1}. {hop.name || hop.localId}</strong>
        <span className="muted small mono">{hop.type}</span>
        <span className={`treatment treatment-${hop.treatment}`}>{TREATMENT_TEXT[hop.treatment]}</span>
      </div>
      {hop.note && <p className="small muted">{hop.note}</p>}
      {hop.error && <p className="error-text small" role="alert">{hop.error}</p>}
      {hop.outputs.map((output, k) => (
        <details key={k} className="hop-output-block" open={hop.treatment === 'stubbed' || k === 0}>
          <summary>{hop.treatment === 'stubbed' ? 'Would have sent' : `Output ${output.port + 1}`}</summary>
          <pre className="hop-output" aria-label={`Output of ${hop.name || hop.localId}`}>{formatBody(output.message)}</pre>
        </details>
      ))}
      {hop.outputs.length === 0 && !hop.error && <p className="small muted">No output.</p>}
    </li>
  );
}

function formatBody(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}
