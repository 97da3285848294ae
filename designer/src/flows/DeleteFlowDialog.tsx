// Confirmation before deleting a flow: names the flow and says that it stops while its version history is kept.
import { ConfirmDeleteDialog } from '../util/ConfirmDeleteDialog';

interface DeleteFlowDialogProps {
  flowId: string;
  label: string;
  onDelete(): Promise<void>;
  onClose(): void;
}

export function DeleteFlowDialog({ flowId, label, onDelete, onClose }: DeleteFlowDialogProps) {
  return (
    <ConfirmDeleteDialog title={`Delete flow “${label}”?`} confirmLabel={`Delete ${label}`} onDelete={onDelete} onClose={onClose}
      consequence={`${label} (${flowId}) stops at once and its endpoints stop answering. Its version history and audit entries are kept.`} />
  );
}
