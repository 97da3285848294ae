// Wizard step 4: a test document (the template's example, marked as a sample to replace) sent through a dry-run copy of the flow.
import type { DryRunReport, TemplateDetail } from '../api/template-types';
import type { NodeCatalogEntry, NodeRedNode } from '../api/types';
import type { OverlayStore } from '../canvas/overlay-store';
import { MonacoEditor } from '../monaco/MonacoEditor';
import { DryRunResult } from './DryRunResult';
import { ReadOnlyFlow } from './ReadOnlyFlow';

interface DryRunStepProps {
  template: TemplateDetail;
  entry: string;
  document: string;
  report: DryRunReport | null;
  running: boolean;
  error: string | null;
  onEntry(entry: string): void;
  onDocument(text: string): void;
  onRun(): void;
  /** The previewed flow, to show the path the document took. */
  flow: NodeRedNode[];
  catalog: ReadonlyMap<string, NodeCatalogEntry>;
  overlays: OverlayStore;
  highlightedEdges: ReadonlySet<string>;
}

export function DryRunStep({ template, entry, document, report, running, error, onEntry, onDocument, onRun, flow, catalog, overlays, highlightedEdges }: DryRunStepProps) {
  const entryInfo = template.entries.find((e) => e.node === entry);
  const contentType = entryInfo?.contentType ?? 'json';
  return (
    <div className="dry-run-step">
      <p className="muted">
        Send a test document through a temporary copy of the flow. Every node runs as it will live, except that ERP posts,
        webhooks, files and HTTP answers are captured instead of sent: <strong>nothing reaches the ERP</strong>.
      </p>
      {template.entries.length > 1 && (
        <label className="field">
          <span className="field-label">Entry</span>
          <select aria-label="Entry" value={entry} onChange={(e) => onEntry(e.target.value)}>
            {template.entries.map((e) => <option key={e.node} value={e.node}>{e.label} ({e.contentType})</option>)}
          </select>
        </label>
      )}
      <div className="field">
        <span className="field-label">Test document ({contentType.toUpperCase()})</span>
        <MonacoEditor language={contentType === 'json' ? 'json' : 'plaintext'} ariaLabel="Test document" value={document} onChange={onDocument} height={200} />
        <p className="notice small" role="note" aria-label="Sample document">
          <strong>Sample from the example partner ({template.example.partnerId}), not from your supplier.</strong> Its identifiers are
          replaced by yours; replace its items with ones your supplier really sends. Every item is checked against the
          cross-reference you entered, and one it lacks fails the dry run.
        </p>
      </div>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onRun} disabled={running || !document.trim()}>{running ? 'Sending…' : 'Send test document'}</button>
      </div>
      {error && <p className="error-text" role="alert" aria-label="Dry run error">{error}</p>}
      {report && (
        <div className="dry-run-layout">
          <DryRunResult report={report} />
          <div className="preview-canvas" role="region" aria-label="Dry run path">
            <ReadOnlyFlow flow={flow} catalog={catalog} overlays={overlays} highlightedEdges={highlightedEdges} />
          </div>
        </div>
      )}
    </div>
  );
}
