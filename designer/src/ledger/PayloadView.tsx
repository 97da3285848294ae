// One stored payload: pretty JSON when it parses as JSON, else the text as it came (EDI, CSV, XML), with its size and truncation.
import type { StoredPayload } from '../api/ledger-types';

function pretty(payload: StoredPayload): string {
  const looksJson = payload.contentType.includes('json') || /^\s*[[{]/.test(payload.body);
  if (!looksJson) return payload.body;
  try {
    return JSON.stringify(JSON.parse(payload.body), null, 2);
  } catch {
    return payload.body;
  }
}

/** EDI segments end with ~ or ': one segment per line reads like the spec. */
function readableText(payload: StoredPayload, text: string): string {
  if (text !== payload.body || text.includes('\n')) return text;
  if (/^(ISA|UNA|UNB)/.test(text.trimStart())) return text.replace(/(~|'(?!\s*$))/g, '$1\n');
  return text;
}

const TITLES: Record<string, string> = { raw: 'Raw payload (as it arrived or left)', canonical: 'Canonical form' };

export function PayloadView({ payload }: { payload: StoredPayload }) {
  const title = TITLES[payload.kind] ?? payload.kind;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <div className="muted small">{payload.contentType} · {payload.sizeBytes} bytes{payload.truncated ? ' · truncated at the payload size cap' : ''}</div>
      <pre className="ledger-payload">{readableText(payload, pretty(payload))}</pre>
    </section>
  );
}
