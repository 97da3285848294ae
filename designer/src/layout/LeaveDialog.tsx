// The in-app "leave this page?" dialog for a navigation held by a view's guard (unsaved flow edits).
import { cancelLeave, confirmLeave, usePendingLeave } from '../util/navigation-guard';
import { useModal } from '../util/useModal';

export function LeaveDialog() {
  const pending = usePendingLeave();
  return pending ? <LeaveDialogOpen reason={pending.reason} /> : null;
}

function LeaveDialogOpen({ reason }: { reason: string }) {
  const dialogRef = useModal<HTMLDivElement>(cancelLeave);
  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal" role="dialog" aria-modal="true" aria-labelledby="leave-title" aria-describedby="leave-reason">
        <h2 id="leave-title">Leave with unsaved changes?</h2>
        <p id="leave-reason">{reason}</p>
        <div className="modal-actions">
          <span className="spacer" />
          <button type="button" onClick={cancelLeave} autoFocus>Stay</button>
          <button type="button" className="danger-solid" onClick={confirmLeave}>Leave</button>
        </div>
      </div>
    </div>
  );
}
