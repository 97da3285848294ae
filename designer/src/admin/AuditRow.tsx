// One audit entry: when, who, what, on what, from where, the outcome, and its details as formatted JSON on demand.
import { useState } from 'react';
import type { AuditEntry } from '../api/types';
import { formatWhen } from '../util/format';

export function AuditRow({ entry }: { entry: AuditEntry }) {
  const [open, setOpen] = useState(false);
  const hasDetails = entry.details !== undefined && entry.details !== null && !(typeof entry.details === 'object' && Object.keys(entry.details).length === 0);
  return (
    <>
      <tr data-audit-id={entry.id} data-action={entry.action}>
        <td title={entry.at}>{formatWhen(entry.at)}</td>
        <td>{entry.actor}</td>
        <td><code>{entry.action}</code></td>
        <td className="mono">{entry.target}</td>
        <td><Outcome entry={entry} /></td>
        <td className="mono small">{entry.ip ?? ''}</td>
        <td>
          {hasDetails && (
            <button type="button" className="link-button" aria-expanded={open} aria-controls={`audit-details-${entry.id}`}
              aria-label={`${open ? 'Hide' : 'Show'} details of ${entry.action} on ${entry.target}`} onClick={() => setOpen(!open)}>
              {open ? 'Hide' : 'Show'}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="audit-details-row">
          <td colSpan={7}><pre id={`audit-details-${entry.id}`} className="audit-details" aria-label={`Details of ${entry.action}`}>{JSON.stringify(entry.details, null, 2)}</pre></td>
        </tr>
      )}
    </>
  );
}

/** ok, denied (403/401: not allowed) or failed (refused or broken), with the HTTP status when there is one. */
function Outcome({ entry }: { entry: AuditEntry }) {
  return (
    <span className={`status-pill audit-${entry.outcome}`}>
      {entry.outcome}{entry.status !== undefined && entry.outcome !== 'ok' ? ` ${entry.status}` : ''}
    </span>
  );
}
