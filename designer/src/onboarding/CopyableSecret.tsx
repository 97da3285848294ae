// One secret shown in clear once: a read-only field and a copy button that confirms the copy.
import { useRef, useState } from 'react';

export function CopyableSecret({ label, value }: { label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // The Clipboard API needs a secure context and permission; selecting the text lets Ctrl+C finish the job.
      input.current?.select();
      setCopied(document.execCommand('copy') ? 'yes' : 'failed');
    }
  }

  return (
    <div className="field secret-once">
      <label className="field-label" htmlFor={`secret-${label}`}>{label}</label>
      <div className="secret-row">
        <input ref={input} id={`secret-${label}`} className="mono" type="text" readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${label}`}>Copy</button>
        <span role="status" className="small muted">{copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and press Ctrl+C' : ''}</span>
      </div>
    </div>
  );
}
