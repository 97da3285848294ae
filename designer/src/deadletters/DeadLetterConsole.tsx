// Dead-letter console: filter the list, inspect one, edit its payload, replay or discard it, or replay all matching.
import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import { useAsync } from '../util/useAsync';
import type { Route } from '../util/useHashRoute';
import type { DeadLetterFilter } from '../api/types';
import { DeadLetterDetail } from './DeadLetterDetail';
import { formatWhen } from '../flows/FlowList';

export function DeadLetterConsole({ navigate }: { navigate(route: Route): void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState<DeadLetterFilter>({ status: 'open' });
  const [filter, setFilter] = useState<DeadLetterFilter>({ status: 'open' });
  const list = useAsync(() => api.listDeadLetters(filter), [api, filter]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const detail = useAsync(() => (selectedId ? api.getDeadLetter(selectedId) : Promise.resolve(null)), [api, selectedId]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const selected = detail.data && detail.data.id === selectedId ? detail.data : null;

  useEffect(() => {
    if (selectedId && list.data && !list.data.some((d) => d.id === selectedId)) setSelectedId(null);
  }, [list.data, selectedId]);

  function applyFilter(event: FormEvent) {
    event.preventDefault();
    setFilter({ ...draft });
  }

  async function act(label: string, work: () => Promise<string>) {
    setBusy(true);
    try {
      setMessage(await work());
      list.reload();
      detail.reload();
    } catch (err) {
      setMessage(`${label} failed: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  const field = (key: keyof DeadLetterFilter, label: string, type = 'text') => (
    <label className="field compact">
      <span className="field-label">{label}</span>
      <input type={type} aria-label={`Filter ${label}`} value={draft[key] ?? ''} onChange={(e) => setDraft({ ...draft, [key]: e.target.value || undefined })} />
    </label>
  );

  return (
    <main className="page dl-page">
      <div className="page-head">
        <h1>Dead letters</h1>
        <button type="button" disabled={busy || !list.data?.length} aria-label="Replay all matching"
          onClick={() => void act('Bulk replay', async () => {
            const result = await api.bulkReplay(filter);
            return `Replayed ${result.replayed} message${result.replayed === 1 ? '' : 's'}${result.failed ? `; ${result.failed} could not be replayed` : ''}`;
          })}>
          Replay all matching
        </button>
      </div>
      <form className="filter-bar" onSubmit={applyFilter} aria-label="Dead letter filter">
        {field('flowId', 'Flow')}
        {field('partnerId', 'Partner')}
        {field('code', 'Error code')}
        <label className="field compact">
          <span className="field-label">Status</span>
          <select aria-label="Filter Status" value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: e.target.value || undefined })}>
            <option value="">any</option><option value="open">open</option><option value="replayed">replayed</option>
          </select>
        </label>
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <button type="submit" className="primary">Filter</button>
      </form>
      {message && <p role="status" className="notice">{message}</p>}
      {detail.error && <p role="alert" className="error-text">{detail.error}</p>}
      {list.error && <p role="alert" className="error-text">{list.error}</p>}
      <div className="dl-layout">
        <table className="data-table selectable" aria-label="Dead letters">
          <thead><tr><th>When</th><th>Correlation id</th><th>Flow</th><th>Error</th><th>Status</th></tr></thead>
          <tbody>
            {(list.data ?? []).map((item) => (
              <tr key={item.id} aria-selected={item.id === selectedId} tabIndex={0} data-dead-letter-id={item.id}
                onClick={() => setSelectedId(item.id)} onKeyDown={(e) => e.key === 'Enter' && setSelectedId(item.id)}>
                <td>{formatWhen(item.createdAt)}</td>
                <td className="mono">{item.correlationId}</td>
                <td>{item.flowId}</td>
                <td><code>{(item.lastError ?? item.errors?.at(-1))?.code}</code> {(item.lastError ?? item.errors?.at(-1))?.message}</td>
                <td><span className={`status-pill status-${item.status}`}>{item.status}</span></td>
              </tr>
            ))}
            {list.data?.length === 0 && <tr><td colSpan={5} className="muted">No dead letters match.</td></tr>}
          </tbody>
        </table>
        {selected && (
          <DeadLetterDetail
            item={selected} busy={busy}
            onSavePayload={(payload) => act('Save', async () => { await api.updateDeadLetterPayload(selected.id, payload); return 'Payload saved'; }).then(() => undefined)}
            onReplay={(version, reason) => void act('Replay', async () => {
              const result = await api.replayDeadLetter(selected.id, { version, ...(reason ? { reason } : {}) });
              return `Replayed as ${result.correlationId}`;
            })}
            onDiscard={() => void act('Discard', async () => { await api.discardDeadLetter(selected.id); return 'Dead letter discarded'; })}
          />
        )}
      </div>
      <p className="muted small">Replayed messages can be followed on the <button type="button" className="link-button" onClick={() => navigate({ view: 'traces' })}>Traces</button> page.</p>
    </main>
  );
}
