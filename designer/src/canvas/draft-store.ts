// Local drafts of undeployed flow edits (localStorage), keyed by user, flow and the version the edits started from,
// so a reload, a crash or a confirmed "leave" does not lose work; a deploy or save discards the draft.
import type { NodeRedNode } from '../api/types';

const PREFIX = 'tradelane.draft:';

export interface FlowDraft {
  savedAt: number;
  flow: NodeRedNode[];
}

/** `new` for a flow not created yet; version 0 then. */
export function draftKey(username: string, flowId: string | null, baseVersion: number | null): string {
  return `${PREFIX}${username}:${flowId ?? 'new'}:v${baseVersion ?? 0}`;
}

export function loadDraft(key: string): FlowDraft | null {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as FlowDraft).flow) && typeof (parsed as FlowDraft).savedAt === 'number') return parsed as FlowDraft;
  } catch {
    // unreadable draft: nothing to offer
  }
  return null;
}

export function saveDraft(key: string, flow: NodeRedNode[]): void {
  try {
    localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), flow } satisfies FlowDraft));
  } catch {
    // storage full or disabled: the leave guard still protects the session's edits
  }
}

export function discardDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // storage disabled: nothing stored
  }
}
