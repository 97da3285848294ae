// Confirmation before deleting a user: names the user and says what happens to their sessions.
import { FieldError } from './FieldError';
import { useModal } from '../util/useModal';
import { actionError, useLocatedAction } from './useLocatedAction';

export function DeleteUserDialog({ username, onDelete, onClose }: { username: string; onDelete(): Promise<void>; onClose(): void }) {
  const action = useLocatedAction();
  const dialogRef = useModal<HTMLDivElement>(onClose);
  async function confirm() {
    if (await action.run('delete', onDelete)) onClose();
  }
  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal" role="dialog" aria-modal="true" aria-labelledby={`delete-title-${username}`}>
        <h2 id={`delete-title-${username}`}>Delete user “{username}”?</h2>
        <p>{username} is signed out at once and can no longer sign in. Their flows, versions and audit entries stay.</p>
        <FieldError id={`delete-error-${username}`} message={actionError(action, 'delete')} />
        <div className="modal-actions">
          <button type="button" className="danger-solid" disabled={action.busy !== null} onClick={() => void confirm()}>Delete {username}</button>
          <button type="button" onClick={onClose} autoFocus>Cancel</button>
        </div>
      </div>
    </div>
  );
}
