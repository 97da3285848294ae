// "Create from dry run": a name and an HTTP request to the flow's intake (or a message into a chosen node); the run's answer and outside calls become the case's expectations.
import { useState, type FormEvent } from 'react';
import type { TestInput } from './flow-test-types';

/** A node a message can be sent into. */
export interface EntryNode {
  id: string;
  label: string;
}

/** "" is the HTTP request to the flow's intake. */
const INTAKE = '';

interface CreateCaseFormProps {
  busy: boolean;
  nodes: EntryNode[];
  onCreate(name: string, input: TestInput): Promise<boolean>;
  onCancel(): void;
}

function parsed(text: string, what: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) as unknown : {};
  } catch (err) {
    return new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A message into a node is JSON (the whole message, e.g. {"payload": …}). */
function messageInput(node: string, body: string): TestInput | string {
  const message = parsed(body, 'The message');
  if (message instanceof Error) return message.message;
  if (!message || typeof message !== 'object' || Array.isArray(message)) return 'The message must be a JSON object, e.g. {"payload": {…}}';
  return { kind: 'message', node, message: message as Record<string, unknown> };
}

/** JSON bodies are sent parsed; anything else is sent as text with its Content-Type (CSV, X12, EDIFACT, XML intakes). */
function inputOf(entry: string, method: string, contentType: string, body: string): TestInput | string {
  if (entry !== INTAKE) return messageInput(entry, body);
  if (contentType === 'application/json') {
    try {
      return { kind: 'http', method, body: body.trim() ? JSON.parse(body) as unknown : {} };
    } catch (err) {
      return `The body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return { kind: 'http', method, headers: { 'Content-Type': contentType }, body };
}

const METHODS = ['POST', 'PUT', 'GET', 'DELETE'];
const CONTENT_TYPES = ['application/json', 'text/csv', 'application/xml', 'application/edi-x12', 'application/edifact'];

function RequestFields({ method, contentType, onMethod, onContentType }: { method: string; contentType: string; onMethod(value: string): void; onContentType(value: string): void }) {
  return (
    <>
      <label className="field"><span className="field-label">Method</span>
        <select aria-label="Method" value={method} onChange={(e) => onMethod(e.target.value)}>
          {METHODS.map((m) => <option key={m}>{m}</option>)}
        </select>
      </label>
      <label className="field"><span className="field-label">Content type</span>
        <select aria-label="Content type" value={contentType} onChange={(e) => onContentType(e.target.value)}>
          {CONTENT_TYPES.map((t) => <option key={t}>{t}</option>)}
        </select>
      </label>
    </>
  );
}

export function CreateCaseForm({ busy, nodes, onCreate, onCancel }: CreateCaseFormProps) {
  const [name, setName] = useState('');
  const [entry, setEntry] = useState(INTAKE);
  const [method, setMethod] = useState('POST');
  const [contentType, setContentType] = useState('application/json');
  const [body, setBody] = useState('{}');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = inputOf(entry, method, contentType, body);
    if (typeof input === 'string') { setProblem(input); return; }
    setProblem(null);
    if (await onCreate(name.trim(), input)) onCancel();
  }

  return (
    <form className="create-case" aria-label="Create test case from dry run" onSubmit={(event) => void submit(event)}>
      <label className="field"><span className="field-label">Case name</span>
        <input aria-label="Case name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field"><span className="field-label">Enters at</span>
        <select aria-label="Enters at" value={entry} onChange={(e) => setEntry(e.target.value)}>
          <option value={INTAKE}>HTTP request to the intake</option>
          {nodes.map((node) => <option key={node.id} value={node.id}>Message into {node.label}</option>)}
        </select>
      </label>
      {entry === INTAKE && <RequestFields method={method} contentType={contentType} onMethod={setMethod} onContentType={setContentType} />}
      <label className="field"><span className="field-label">{entry === INTAKE ? 'Request body' : 'Message (JSON)'}</span>
        <textarea aria-label={entry === INTAKE ? 'Request body' : 'Message'} rows={6} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
      </label>
      {problem && <p className="error-text" role="alert">{problem}</p>}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={busy || !name.trim()} aria-label="Run and save case">{busy ? 'Running…' : 'Run and save'}</button>
      </div>
    </form>
  );
}
