// Cross-reference tables screen: every table with its version and row count, its version history, and (editors) restore of a version.
import { useState } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import type { XrefSummary } from '../api/xref-types';
import { FieldError } from '../admin/FieldError';
import { actionError, useLocatedAction } from '../admin/useLocatedAction';

export function XrefPage() {
  const { api } = useSession();
  const tables = useAsync(() => api.listXrefTables(), [api]);
  return (
    <main className="page">
      <div className="page-head"><h1>Cross-reference tables</h1></div>
      {tables.error && <p role="alert" className="error-text">{tables.error}</p>}
      {tables.data && tables.data.length === 0 && <p className="muted">No cross-reference tables yet.</p>}
      {tables.data?.map((table) => <XrefTableItem key={table.name} table={table} onChanged={tables.reload} />)}
    </main>
  );
}

function XrefTableItem({ table, onChanged }: { table: XrefSummary; onChanged(): void }) {
  const { api, canEdit } = useSession();
  const [open, setOpen] = useState(false);
  const versions = useAsync(() => (open ? api.listXrefVersions(table.name) : Promise.resolve([])), [api, table.name, table.version, open]);
  const action = useLocatedAction();

  async function exportCsv() {
    await action.run('export', async () => {
      const url = URL.createObjectURL(new Blob([await api.exportXrefCsv(table.name)], { type: 'text/csv' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `${table.name}.csv` });
      link.click();
      URL.revokeObjectURL(url);
    });
  }

  async function restore(version: number) {
    const ok = await action.run('restore', async () => {
      const old = await api.getXrefVersion(table.name, version);
      await api.putXrefTable(table.name, { keyColumn: old.keyColumn, columns: old.columns, rows: old.rows });
    });
    if (ok) onChanged();
  }

  return (
    <section aria-label={`Table ${table.name}`} data-xref-table={table.name}>
      <h2>{table.name}</h2>
      <p aria-label={`Current version of ${table.name}`}>v{table.version} · {table.rowCount} rows · key {table.keyColumn}</p>
      <button type="button" onClick={() => void exportCsv()}>Export {table.name} as CSV</button>{' '}
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide versions' : `Versions of ${table.name}`}</button>
      {open && versions.data && (
        <table className="data-table" aria-label={`Versions of ${table.name}`}>
          <thead><tr><th>Version</th><th>Rows</th><th>Author</th>{canEdit && <th>Actions</th>}</tr></thead>
          <tbody>
            {versions.data.map((version) => (
              <tr key={version.version}>
                <td>v{version.version}</td><td>{version.rowCount ?? '—'}</td><td>{version.author ?? '—'}</td>
                {canEdit && (
                  <td>{version.version !== table.version && (
                    <button type="button" disabled={action.busy !== null} onClick={() => void restore(version.version)}>Restore v{version.version}</button>
                  )}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldError id={`xref-error-${table.name}`} message={actionError(action, 'restore') ?? actionError(action, 'export')} />
    </section>
  );
}
