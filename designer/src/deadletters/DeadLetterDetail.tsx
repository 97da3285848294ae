// One dead letter: its error chain, the payload in Monaco (editable), replay and discard.
import { useEffect, useState } from 'react';
import type { DeadLetter } from '../api/types';
import { MonacoEditor } from '../monaco/MonacoEditor';
import { formatWhen } from '../util/format';

interface DeadLetterDetailProps {
  item: DeadLetter;
  busy: boolean;
  onSavePayload(payload: unknown): Promise<void>;
  /** reason: why the message is replayed; the API requires one when an edited payload would skip validation. */
  onReplay(version: 'current' | 'original', reason?: string): void;
  onDiscard(): void;
}

export function DeadLetterDetail({ item, busy, onSavePayload, onReplay, onDiscard }: DeadLetterDetailProps) {
  const [text, setText] = useState(() => JSON.stringify(item.message?.payload ?? null, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const original = JSON.stringify(item.message?.payload ?? null, null, 2);

  useEffect(() => {
    setText(JSON.stringify(item.message?.payload ?? null, null, 2));
    setParseError(null);
    setReason('');
  }, [item.id, item.message]);

  async function save() {
    try {
      const payload: unknown = JSON.parse(text);
      setParseError(null);
      await onSavePayload(payload);
    } catch (err) {
      setParseError(err instanceof Error ? err.message : String(err));
    }
  }

  const open = item.status === 'open';
  return (
    <section className="dl-detail" aria-label="Dead letter detail">
      <header className="dl-detail-head">
        <div>
          <h2 className="mono">{item.correlationId}</h2>
          <div className="muted small">
            flow <a href={`#/flows/${encodeURIComponent(item.flowId)}/trace/${encodeURIComponent(item.correlationId)}`}>{item.flowId}</a>{item.flowVersion !== null ? ` v${item.flowVersion}` : ''}
            {item.partnerId ? ` · partner ${item.partnerId}` : ''} · entry node {item.entryNodeId} · {formatWhen(item.createdAt)}
          </div>
        </div>
        <span className={`status-pill status-${item.status}`}>{item.status}</span>
      </header>
      {item.discarded && <p className="muted small" aria-label="Discarded">Discarded by {item.discarded.by} · {formatWhen(item.discarded.at)}; it can no longer be replayed.</p>}
      <h3>Error chain</h3>
      <ol className="error-chain" aria-label="Error chain">
        {item.errors.map((error, i) => (
          <li key={i}>
            <code>{error.code}</code> {error.message}
            <div className="muted small">{error.nodeType} {error.nodeId} · {error.retryable ? 'retryable' : 'not retryable'} · {formatWhen(error.at)}</div>
          </li>
        ))}
      </ol>
      <h3>Payload</h3>
      <MonacoEditor language="json" ariaLabel="Dead letter payload" value={text} onChange={setText} height={240} readOnly={!open} />
      {parseError && <p className="error-text" role="alert">{parseError}</p>}
      {open && (
        <label className="field">
          <span>Replay reason {item.edits?.length ? '(needed when the edited payload cannot be validated again)' : '(optional)'}</span>
          <input type="text" aria-label="Replay reason" maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
      )}
      {open && (
        <div className="modal-actions">
          <button type="button" disabled={busy || text === original} onClick={() => void save()} aria-label="Save payload">Save payload</button>
          <span className="spacer" />
          <button type="button" disabled={busy} onClick={onDiscard} aria-label="Discard dead letter">Discard</button>
          {item.flowVersion !== null && (
            <button type="button" disabled={busy} onClick={() => onReplay('original', reason.trim() || undefined)} aria-label="Replay on original version">Replay on v{item.flowVersion}</button>
          )}
          <button type="button" className="primary" disabled={busy || text !== original} onClick={() => onReplay('current', reason.trim() || undefined)} aria-label="Replay">Replay</button>
        </div>
      )}
    </section>
  );
}
