// Confirmation before a dead-letter action that changes several (or one) letters: says how many, and what happens to them.
import { useId } from 'react';
import { useModal } from '../util/useModal';

interface ConfirmCountDialogProps {
  /** e.g. "Replay" or "Discard". */
  action: string;
  count: number;
  /** What the action does to the letters, in one sentence. */
  consequence: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function deadLetterCount(count: number): string {
  return `${count} dead letter${count === 1 ? '' : 's'}`;
}

export function ConfirmCountDialog({ action, count, consequence, busy, onConfirm, onCancel }: ConfirmCountDialogProps) {
  const titleId = useId();
  const dialogRef = useModal<HTMLDivElement>(onCancel);
  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>{action} {deadLetterCount(count)}?</h2>
        <p>{consequence}</p>
        <div className="modal-actions">
          <button type="button" className="primary" disabled={busy} onClick={onConfirm}>{action} {deadLetterCount(count)}</button>
          <button type="button" onClick={onCancel} autoFocus>Cancel</button>
        </div>
      </div>
    </div>
  );
}
