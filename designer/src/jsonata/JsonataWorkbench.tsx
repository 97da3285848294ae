// JSONata editor with live preview: the expression stays on top while the samples (each next to its result) scroll
// below it; expression and sample errors are shown where they are, and Apply waits until every sample is valid JSON.
import { useMemo, useRef, useState } from 'react';
import { MonacoEditor, type EditorMarker } from '../monaco/MonacoEditor';
import { DEFAULT_SAMPLE, loadSamples, saveSamples } from './sample-store';
import { parseSample, useJsonataPreview } from './useJsonataPreview';
import { locateJsonError, type JsonErrorLocation } from './json-error';
import { useModal } from '../util/useModal';
import type { JsonataError } from '../api/types';

/** A sample with an id that survives removals: Monaco editors (and their models) are keyed by it, never by index. */
interface Sample { id: number; text: string }

interface JsonataWorkbenchProps {
  title: string;
  sampleKey: string;
  initialExpression: string;
  /** Samples stored with the node (a `samples` config property); without them samples live in the browser. */
  nodeSamples?: unknown[];
  readOnly: boolean;
  onApply(expression: string, samples: unknown[]): void;
  onClose(): void;
}

/** Where a JSONata error sits in the expression; jsonata reports `position` as the offset just past the bad token. */
export function errorMarker(expression: string, error: JsonataError): EditorMarker | null {
  if (typeof error.position !== 'number') return null;
  const end = Math.min(Math.max(error.position, 1), Math.max(expression.length, 1));
  // "(end)" is jsonata's pseudo-token for a premature end, not text in the expression.
  const tokenLength = error.token && error.token !== '(end)' ? error.token.length : 1;
  const start = Math.max(0, end - tokenLength);
  return { message: error.message, startOffset: start, endOffset: end };
}

export function JsonataWorkbench({ title, sampleKey, initialExpression, nodeSamples, readOnly, onApply, onClose }: JsonataWorkbenchProps) {
  const [expression, setExpression] = useState(initialExpression);
  const [samples, setSamples] = useState<Sample[]>(() =>
    (nodeSamples?.length ? nodeSamples.map((sample) => JSON.stringify(sample, null, 2)) : loadSamples(sampleKey)).map((text, id) => ({ id, text })));
  // Initial ids are 0..n-1, so new ones start at n.
  const nextId = useRef(samples.length);
  const texts = useMemo(() => samples.map((sample) => sample.text), [samples]);
  const preview = useJsonataPreview(expression, texts);
  const dialogRef = useModal<HTMLDivElement>(onClose);

  const updateSamples = (next: Sample[]) => {
    setSamples(next);
    if (!nodeSamples) saveSamples(sampleKey, next.map((sample) => sample.text));
  };
  const addSample = () => updateSamples([...samples, { id: nextId.current++, text: DEFAULT_SAMPLE }]);
  const sampleErrors = useMemo(() => samples.map((sample) => locateJsonError(sample.text)), [samples]);
  const firstInvalid = sampleErrors.findIndex((error) => error !== null);
  const apply = () => {
    if (firstInvalid >= 0) return;
    onApply(expression, texts.flatMap((text) => { const p = parseSample(text); return p.ok ? [p.value] : []; }));
  };

  const syntaxError = useMemo(() => {
    for (const result of preview.results) {
      if (!result.ok && !('sampleError' in result) && typeof result.error.position === 'number') return result.error as JsonataError;
    }
    return null;
  }, [preview.results]);
  const markers = useMemo(() => {
    const marker = syntaxError ? errorMarker(expression, syntaxError) : null;
    return marker ? [marker] : [];
  }, [syntaxError, expression]);

  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal wide workbench" role="dialog" aria-modal="true" aria-label={`JSONata editor: ${title}`}>
        <div className="modal-head">
          <h2>JSONata: {title}</h2>
          <span className="muted small">{preview.pending ? 'evaluating…' : 'live preview'}</span>
        </div>
        <MonacoEditor language="jsonata" ariaLabel="JSONata expression" value={expression} onChange={setExpression} height={140} markers={markers} readOnly={readOnly} />
        {syntaxError && (
          <p className="error-text" role="alert" aria-label="Expression error">
            {syntaxError.message}{typeof syntaxError.position === 'number' ? ` (at character ${syntaxError.position})` : ''}
          </p>
        )}
        {preview.requestError && <p className="error-text" role="alert">{preview.requestError}</p>}
        {preview.engine && (
          <p className="muted small" aria-label="JSONata engine">
            {preview.engine.engine === 'compiled'
              ? 'Engine: compiled (runs as a JavaScript closure tree in nodes)'
              : `Engine: jsonata-js (interpreted): ${preview.engine.fallbackReason ?? 'not compiled'}`}
          </p>
        )}
        <div className="sample-grid" aria-label="Samples and results">
          <div className="sample-grid-head"><strong>Sample message</strong><strong>Result</strong></div>
          {samples.map((sample, index) => {
            const result = preview.results[index];
            const jsonError = sampleErrors[index] ?? null;
            return (
              <div key={sample.id} className="sample-row" data-sample-index={index}>
                <div>
                  <MonacoEditor language="json" ariaLabel={`Sample ${index + 1}`} value={sample.text} height={150} markers={sampleMarkers(jsonError)}
                    onChange={(text) => updateSamples(samples.map((s) => (s.id === sample.id ? { ...s, text } : s)))} />
                  {jsonError && (
                    <p className="error-text small" role="alert" aria-label={`Sample ${index + 1} error`}>
                      Sample {index + 1} is not valid JSON: {jsonError.message} (line {jsonError.line}, column {jsonError.column})
                    </p>
                  )}
                  {samples.length > 1 && (
                    <button type="button" className="link-button" aria-label={`Remove sample ${index + 1}`} onClick={() => updateSamples(samples.filter((s) => s.id !== sample.id))}>
                      Remove sample
                    </button>
                  )}
                </div>
                <output className={`sample-result ${result && !result.ok ? 'failed' : ''}`} aria-label={`Result ${index + 1}`}>
                  {result === undefined ? '…' : result.ok ? formatResult(result.result) : errorLine(result.error)}
                </output>
              </div>
            );
          })}
        </div>
        <div className="modal-actions">
          <button type="button" aria-label="Add sample" onClick={addSample}>+ Add sample</button>
          <span className="spacer" />
          {!readOnly && firstInvalid >= 0 && <span className="error-text small" aria-label="Apply blocked">Fix sample {firstInvalid + 1} before applying</span>}
          <button type="button" onClick={onClose}>Cancel</button>
          {!readOnly && <button type="button" className="primary" disabled={firstInvalid >= 0} onClick={apply}>Apply</button>}
        </div>
      </div>
    </div>
  );
}

/** The located JSON error as a Monaco marker (memoised per error by the caller's render; cheap to rebuild). */
function sampleMarkers(error: JsonErrorLocation | null): EditorMarker[] | undefined {
  return error ? [{ message: error.message, startOffset: error.offset, endOffset: error.offset + 1 }] : undefined;
}

/** The server stops a preview that runs too long or returns too much; say so, since the expression itself may be fine on smaller data. */
function errorLine(error: JsonataError): string {
  if (error.code === 'PREVIEW_TIMEOUT') return `Stopped: ${error.message}. The expression takes too long on this sample (a regex that backtracks, a huge range?); a transform node would be as slow.`;
  if (error.code === 'PREVIEW_RESULT_TOO_LARGE') return `Not shown: ${error.message}.`;
  return `Error: ${error.message}`;
}

function formatResult(value: unknown): string {
  if (value === undefined) return '(no match: undefined)';
  return JSON.stringify(value, null, 2);
}
