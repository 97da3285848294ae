// Dead-letter console: filter the list (refreshed while visible), inspect one, edit its payload, replay or discard it, or replay all matching (confirmed with a count).
import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import { useAsync } from '../util/useAsync';
import type { Route } from '../util/useHashRoute';
import type { DeadLetterFilter } from '../api/types';
import { DeadLetterDetail } from './DeadLetterDetail';
import { formatWhen } from '../util/format';
import { ConfirmCountDialog } from './ConfirmCountDialog';
import { announceDeadLettersChanged } from './useOpenDeadLetterCount';

const REFRESH_MS = 5000;

/** What the operator is asked to confirm: a bulk replay of `count` open letters, or discarding the selected one. */
type Pending = { kind: 'replay-all'; count: number } | { kind: 'discard'; id: string };

/** Reloads the list every few seconds while the page is visible (a hidden tab does not poll). */
function useRefreshWhileVisible(reload: () => void): void {
  useEffect(() => {
    const timer = window.setInterval(() => { if (document.visibilityState === 'visible') reload(); }, REFRESH_MS);
    const onVisible = () => { if (document.visibilityState === 'visible') reload(); };
    document.addEventListener('visibilitychange', onVisible);
    return () => { window.clearInterval(timer); document.removeEventListener('visibilitychange', onVisible); };
  }, [reload]);
}

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
  const [pending, setPending] = useState<Pending | null>(null);
  // Only the list: reloading the open detail would reset a payload being edited.
  useRefreshWhileVisible(list.reload);

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
      announceDeadLettersChanged();
    } catch (err) {
      setMessage(`${label} failed: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  /** A bulk replay takes the open letters of the filter: count them first, so the dialog can say how many. */
  async function askReplayAll() {
    setBusy(true);
    try {
      const count = (await api.listDeadLetters({ ...filter, status: 'open' })).length;
      if (count === 0) setMessage('No open dead letters match this filter; only open ones are replayed');
      else setPending({ kind: 'replay-all', count });
    } catch (err) {
      setMessage(`Bulk replay failed: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  function confirmPending() {
    if (!pending) return;
    setPending(null);
    if (pending.kind === 'replay-all') {
      void act('Bulk replay', async () => {
        const result = await api.bulkReplay(filter);
        return `Replayed ${result.replayed} message${result.replayed === 1 ? '' : 's'}${result.failed ? `; ${result.failed} could not be replayed` : ''}`;
      });
    } else {
      const { id } = pending;
      void act('Discard', async () => { await api.discardDeadLetter(id); return 'Dead letter discarded'; });
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
        <button type="button" disabled={busy || !list.data?.length} aria-label="Replay all matching" onClick={() => void askReplayAll()}>
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
            <option value="">any</option><option value="open">open</option><option value="replayed">replayed</option><option value="discarded">discarded</option>
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
            onDiscard={() => setPending({ kind: 'discard', id: selected.id })}
          />
        )}
      </div>
      {pending && (
        <ConfirmCountDialog
          action={pending.kind === 'replay-all' ? 'Replay' : 'Discard'} count={pending.kind === 'replay-all' ? pending.count : 1} busy={busy}
          consequence={pending.kind === 'replay-all'
            ? 'Each open dead letter matching the filter is replayed into its flow as deployed now, under the rules of a single replay.'
            : 'It is kept with status discarded (filter Status: discarded) and can no longer be replayed.'}
          onConfirm={confirmPending} onCancel={() => setPending(null)}
        />
      )}
      <p className="muted small">Replayed messages can be followed on the <button type="button" className="link-button" onClick={() => navigate({ view: 'traces' })}>Traces</button> page.</p>
    </main>
  );
}
