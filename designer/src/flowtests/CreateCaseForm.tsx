// "Create from dry run": a name and an HTTP request to the flow's intake; the run's answer and outside calls become the case's expectations.
import { useState, type FormEvent } from 'react';
import type { TestInput } from './flow-test-types';

interface CreateCaseFormProps {
  busy: boolean;
  onCreate(name: string, input: TestInput): Promise<boolean>;
  onCancel(): void;
}

/** JSON bodies are sent parsed; anything else is sent as text with its Content-Type (CSV, X12, EDIFACT, XML intakes). */
function inputOf(method: string, contentType: string, body: string): TestInput | string {
  if (contentType === 'application/json') {
    try {
      return { kind: 'http', method, body: body.trim() ? JSON.parse(body) as unknown : {} };
    } catch (err) {
      return `The body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return { kind: 'http', method, headers: { 'Content-Type': contentType }, body };
}

export function CreateCaseForm({ busy, onCreate, onCancel }: CreateCaseFormProps) {
  const [name, setName] = useState('');
  const [method, setMethod] = useState('POST');
  const [contentType, setContentType] = useState('application/json');
  const [body, setBody] = useState('{}');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = inputOf(method, contentType, body);
    if (typeof input === 'string') { setProblem(input); return; }
    setProblem(null);
    if (await onCreate(name.trim(), input)) onCancel();
  }

  return (
    <form className="create-case" aria-label="Create test case from dry run" onSubmit={(event) => void submit(event)}>
      <label className="field"><span className="field-label">Case name</span>
        <input aria-label="Case name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field"><span className="field-label">Method</span>
        <select aria-label="Method" value={method} onChange={(e) => setMethod(e.target.value)}>
          {['POST', 'PUT', 'GET', 'DELETE'].map((m) => <option key={m}>{m}</option>)}
        </select>
      </label>
      <label className="field"><span className="field-label">Content type</span>
        <select aria-label="Content type" value={contentType} onChange={(e) => setContentType(e.target.value)}>
          {['application/json', 'text/csv', 'application/xml', 'application/edi-x12', 'application/edifact'].map((t) => <option key={t}>{t}</option>)}
        </select>
      </label>
      <label className="field"><span className="field-label">Request body</span>
        <textarea aria-label="Request body" rows={6} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
      </label>
      {problem && <p className="error-text" role="alert">{problem}</p>}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={busy || !name.trim()} aria-label="Run and save case">{busy ? 'Running…' : 'Run and save'}</button>
      </div>
    </form>
  );
}
