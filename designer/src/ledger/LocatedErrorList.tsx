// Located errors (path or segment, message, and any other facts such as line or code) as a table, so a refusal says where and why.
import type { LocatedError } from '../api/ledger-types';

function factsOf(error: LocatedError): string {
  const facts = Object.entries(error).filter(([name]) => name !== 'path' && name !== 'segment' && name !== 'message');
  return facts.map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
}

export function LocatedErrorList({ errors, label }: { errors: LocatedError[]; label: string }) {
  if (!errors.length) return <p className="muted small">No errors.</p>;
  return (
    <table className="data-table ledger-errors" aria-label={label}>
      <thead><tr><th>Where</th><th>Problem</th><th>Facts</th></tr></thead>
      <tbody>
        {errors.map((error, index) => (
          <tr key={index}>
            <td className="mono">{error.path ?? error.segment ?? '—'}</td>
            <td>{error.message}</td>
            <td className="small muted">{factsOf(error)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
