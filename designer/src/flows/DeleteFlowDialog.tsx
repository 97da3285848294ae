// Confirmation before deleting a flow: names the flow and says that it stops while its version history is kept.
import { FieldError } from '../admin/FieldError';
import { useModal } from '../util/useModal';
import { actionError, useLocatedAction } from '../admin/useLocatedAction';

interface DeleteFlowDialogProps {
  flowId: string;
  label: string;
  onDelete(): Promise<void>;
  onClose(): void;
}

export function DeleteFlowDialog({ flowId, label, onDelete, onClose }: DeleteFlowDialogProps) {
  const action = useLocatedAction();
  const dialogRef = useModal<HTMLDivElement>(onClose);
  async function confirm() {
    if (await action.run('delete', onDelete)) onClose();
  }
  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal" role="dialog" aria-modal="true" aria-labelledby={`delete-flow-title-${flowId}`}>
        <h2 id={`delete-flow-title-${flowId}`}>Delete flow “{label}”?</h2>
        <p>{label} ({flowId}) stops at once and its endpoints stop answering. Its version history and audit entries are kept.</p>
        <FieldError id={`delete-flow-error-${flowId}`} message={actionError(action, 'delete')} />
        <div className="modal-actions">
          <button type="button" className="danger-solid" disabled={action.busy !== null} onClick={() => void confirm()}>Delete {label}</button>
          <button type="button" onClick={onClose} autoFocus>Cancel</button>
        </div>
      </div>
    </div>
  );
}
