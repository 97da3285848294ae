// An exception's history, oldest first: opened, comments, assignment and resolution, from what the server keeps.
import type { ExceptionDetail } from '../api/ledger-types';
import { formatWhen } from '../util/format';

interface HistoryEntry { key: string; at: string; head: string; text?: string }

function entriesOf({ exception, comments }: ExceptionDetail): HistoryEntry[] {
  const entries: HistoryEntry[] = [{ key: 'opened', at: exception.openedAt, head: `opened by ${exception.nodeId ? `node ${exception.nodeId}` : 'a flow'}${exception.flowId ? ` in ${exception.flowId}` : ''}` }];
  for (const comment of comments) entries.push({ key: comment.id, at: comment.at, head: `${comment.author} commented`, text: comment.text });
  if (exception.resolvedAt) entries.push({ key: 'resolved', at: exception.resolvedAt, head: `resolved by ${exception.resolvedBy ?? '?'}`, text: exception.resolution });
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

export function ExceptionHistory({ detail }: { detail: ExceptionDetail }) {
  return (
    <ol className="trail" aria-label="Exception history">
      {entriesOf(detail).map((entry) => (
        <li key={entry.key}>
          <div className="trail-head"><strong>{entry.head}</strong> · {formatWhen(entry.at)}</div>
          {entry.text && <div>{entry.text}</div>}
        </li>
      ))}
      {detail.exception.assignee && detail.exception.status !== 'resolved' && <li><div className="trail-head">assigned to <strong>{detail.exception.assignee}</strong> · {formatWhen(detail.exception.updatedAt)}</div></li>}
    </ol>
  );
}
