// Confirmation before deleting a user: names the user and says what happens to their sessions.
import { ConfirmDeleteDialog } from '../util/ConfirmDeleteDialog';

export function DeleteUserDialog({ username, onDelete, onClose }: { username: string; onDelete(): Promise<void>; onClose(): void }) {
  return (
    <ConfirmDeleteDialog title={`Delete user “${username}”?`} confirmLabel={`Delete ${username}`} onDelete={onDelete} onClose={onClose}
      consequence={`${username} is signed out at once and can no longer sign in. Their flows, versions and audit entries stay.`} />
  );
}
