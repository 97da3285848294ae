// A new partner credential, shown once right after rotation: copy button and the warning that it will not be shown again.
import { useState } from 'react';
import type { RotatedCredential } from '../api/partner-types';

export function OneTimeSecret({ rotated, onDismiss }: { rotated: RotatedCredential; onDismiss(): void }) {
  const value = rotated.apiKey ?? rotated.hmacSecret ?? rotated.webhookSecret ?? '';
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(value);
    setCopied(true);
  }
  return (
    <div className="one-time-secret" role="region" aria-label={`New ${rotated.credential} of ${rotated.partnerId}`}>
      <p role="alert"><strong>Copy it now: this {rotated.credential} will not be shown again.</strong> Give it to the partner over a secure channel; the old one no longer works.</p>
      <code aria-label="New secret">{value}</code>{' '}
      <button type="button" onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>{' '}
      <button type="button" onClick={onDismiss}>I have stored it</button>
    </div>
  );
}
