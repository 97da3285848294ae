// The ledger search form: every filter GET /api/documents takes; submitting puts them in the URL hash so the search can be linked.
import { useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_STATUSES, type DocumentFilter } from '../api/ledger-types';
import { isoToLocalInput, localInputToIso } from './format';

type Field = Exclude<keyof DocumentFilter, 'cursor'>;

const DOCUMENT_TYPES = ['purchaseOrder', 'acknowledgement', 'asn', 'invoice', 'receipt', 'x12-interchange', 'edifact-interchange', '997', 'CONTRL', 'http-request'];

function draftOf(search: DocumentFilter): Record<Field, string> {
  return {
    key: search.key ?? '', partner: search.partner ?? '', type: search.type ?? '', status: search.status ?? '', direction: search.direction ?? '',
    correlationId: search.correlationId ?? '', from: isoToLocalInput(search.from), to: isoToLocalInput(search.to),
  };
}

export function DocumentSearchForm({ search, onSearch }: { search: DocumentFilter; onSearch(filter: DocumentFilter): void }) {
  const [draft, setDraft] = useState(() => draftOf(search));
  useEffect(() => setDraft(draftOf(search)), [search]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: DocumentFilter = {};
    for (const [name, value] of Object.entries(draft) as Array<[Field, string]>) {
      const text = name === 'from' || name === 'to' ? localInputToIso(value) : value.trim();
      if (text) next[name] = text;
    }
    onSearch(next);
  }

  const set = (name: Field) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  const text = (name: Field, label: string, placeholder?: string, type = 'text') => (
    <label className="field compact">
      <span className="field-label">{label}</span>
      <input type={type} aria-label={`Search ${label}`} placeholder={placeholder} value={draft[name]} onChange={set(name)} />
    </label>
  );
  const choice = (name: Field, label: string, options: readonly string[]) => (
    <label className="field compact">
      <span className="field-label">{label}</span>
      <select aria-label={`Search ${label}`} value={draft[name]} onChange={set(name)}>
        <option value="">any</option>
        {options.map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
    </label>
  );

  return (
    <form className="filter-bar ledger-search" onSubmit={submit} aria-label="Document search">
      {text('key', 'Business key', 'PO, ack, ASN, invoice… (partial)')}
      {text('partner', 'Partner')}
      <label className="field compact">
        <span className="field-label">Type</span>
        <input list="ledger-document-types" aria-label="Search Type" value={draft.type} onChange={set('type')} />
        <datalist id="ledger-document-types">{DOCUMENT_TYPES.map((type) => <option key={type} value={type} />)}</datalist>
      </label>
      {choice('status', 'Status', DOCUMENT_STATUSES)}
      {choice('direction', 'Direction', ['in', 'out'])}
      {text('correlationId', 'Correlation id')}
      {text('from', 'From', undefined, 'datetime-local')}
      {text('to', 'To', undefined, 'datetime-local')}
      <button type="submit" className="primary">Search</button>
      <button type="button" onClick={() => onSearch({})}>Clear</button>
    </form>
  );
}
