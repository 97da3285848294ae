// Audit log screen (admins and operators): filter by action, actor, target and time; newest first, "Load more" for older entries.
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import type { AuditFilter } from '../api/types';
import { AuditRow } from './AuditRow';
import { FieldError } from './FieldError';
import { Forbidden } from './UsersPage';
import { useAuditLog } from './useAuditLog';

const WHO_MAY_READ = 'admins and operators';

export function AuditPage() {
  const { canReadAudit } = useSession();
  // Analysts get the same clear refusal whether the role or the server says no.
  if (!canReadAudit) return <Forbidden what="the audit log" who={WHO_MAY_READ} />;
  return <AuditLogView />;
}

function AuditLogView() {
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useAuditLog(filter);
  if (log.forbidden) return <Forbidden what="the audit log" who={WHO_MAY_READ} />;
  const fields = log.error?.fields ?? {};
  const unlocated = log.error && Object.keys(fields).length === 0 ? log.error.message : undefined;

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter({ ...draft });
  }

  const field = (key: keyof AuditFilter, label: string, options: { type?: string; placeholder?: string } = {}) => (
    <label className="field compact">
      <span className="field-label">{label}</span>
      <input type={options.type ?? 'text'} aria-label={`Filter ${label}`} placeholder={options.placeholder} value={draft[key] ?? ''}
        aria-invalid={Boolean(fields[key])} onChange={(e) => setDraft({ ...draft, [key]: e.target.value || undefined })} />
      <FieldError id={`audit-${key}-error`} message={fields[key]} />
    </label>
  );

  return (
    <main className="page audit-page">
      <div className="page-head"><h1>Audit log</h1></div>
      <form className="filter-bar" onSubmit={apply} aria-label="Audit filter">
        {field('action', 'Action', { placeholder: 'flow.* or user.create' })}
        {field('actor', 'Actor', { placeholder: 'username' })}
        {field('target', 'Target', { placeholder: 'flow:orders, user:ann' })}
        {field('from', 'From', { type: 'datetime-local' })}
        {field('to', 'To', { type: 'datetime-local' })}
        <button type="submit" className="primary">Filter</button>
      </form>
      <FieldError id="audit-error" message={unlocated} />
      <table className="data-table audit-table" aria-label="Audit log">
        <thead><tr><th>When</th><th>Actor</th><th>Action</th><th>Target</th><th>Outcome</th><th>Address</th><th>Details</th></tr></thead>
        <tbody>
          {log.entries.map((entry) => <AuditRow key={entry.id} entry={entry} />)}
          {!log.loading && log.entries.length === 0 && !log.error && <tr><td colSpan={7} className="muted">No entries match.</td></tr>}
        </tbody>
      </table>
      <div className="load-more">
        {log.loading && <span className="muted">Loading…</span>}
        {log.hasMore && !log.loading && <button type="button" onClick={log.loadMore}>Load more</button>}
        {!log.hasMore && log.entries.length > 0 && <span className="muted small">End of the log for this filter.</span>}
      </div>
    </main>
  );
}
