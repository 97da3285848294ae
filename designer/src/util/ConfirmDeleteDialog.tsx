// Confirmation before deleting something: names it, says what happens, shows the server's refusal in place.
import { useId } from 'react';
import { FieldError } from '../admin/FieldError';
import { useModal } from './useModal';
import { actionError, useLocatedAction } from '../admin/useLocatedAction';

interface ConfirmDeleteDialogProps {
  /** e.g. "Delete user “ana”?" */
  title: string;
  /** What deleting does, in one or two sentences. */
  consequence: string;
  /** The confirm button's text, e.g. "Delete ana". */
  confirmLabel: string;
  onDelete(): Promise<void>;
  onClose(): void;
}

export function ConfirmDeleteDialog({ title, consequence, confirmLabel, onDelete, onClose }: ConfirmDeleteDialogProps) {
  const action = useLocatedAction();
  const dialogRef = useModal<HTMLDivElement>(onClose);
  const id = useId();
  async function confirm() {
    if (await action.run('delete', onDelete)) onClose();
  }
  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p>{consequence}</p>
        <FieldError id={`${id}-error`} message={actionError(action, 'delete')} />
        <div className="modal-actions">
          <button type="button" className="danger-solid" disabled={action.busy !== null} onClick={() => void confirm()}>{confirmLabel}</button>
          <button type="button" onClick={onClose} autoFocus>Cancel</button>
        </div>
      </div>
    </div>
  );
}
