// Protects undeployed edits: a guard for in-app navigation, a beforeunload prompt for reload/close, a local draft
// saved while editing and offered again (restore or discard) when the same flow version is opened.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NodeRedNode } from '../api/types';
import { setLeaveGuard } from '../util/navigation-guard';
import { discardDraft, draftKey, loadDraft, saveDraft, type FlowDraft } from './draft-store';

const AUTOSAVE_MS = 400;
const LEAVE_REASON = 'This flow has changes that are not deployed. They stay as a local draft in this browser and are offered when you open the flow again.';
/** While an older draft waits for an answer, new edits are not saved over it: leaving then loses them. */
const LEAVE_REASON_UNSAVED = 'This flow has changes that are not deployed, and they are not kept: an earlier draft is still waiting for Restore or Discard.';

interface UnsavedWorkOptions {
  username: string;
  flowId: string | null;
  /** The version the edits start from; null until the flow is loaded. */
  baseVersion: number | null;
  dirty: boolean;
  /** Read-only sessions and diffs never keep drafts. */
  enabled: boolean;
  exportFlow(): NodeRedNode[];
  /** Changes whenever the document changes, so the draft follows the edits. */
  revision: unknown;
}

export function useUnsavedWork({ username, flowId, baseVersion, dirty, enabled, exportFlow, revision }: UnsavedWorkOptions) {
  const key = draftKey(username, flowId, baseVersion);
  const [offered, setOffered] = useState<FlowDraft | null>(null);
  const unsaved = useRef(false);
  const offerOpen = useRef(false);
  useEffect(() => { unsaved.current = dirty && enabled; offerOpen.current = offered !== null; });

  // Registered again whenever there is something to lose: a confirmed leave clears the guard, and this editor may stay.
  const hasWork = dirty && enabled;
  useEffect(() => setLeaveGuard(() => (!unsaved.current ? null : offerOpen.current ? LEAVE_REASON_UNSAVED : LEAVE_REASON)), [hasWork]);

  useEffect(() => {
    if (!dirty || !enabled) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      saveDraft(key, exportFlow());
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty, enabled, key, exportFlow]);

  // While a draft is offered the autosave waits: saving now would overwrite the draft the user has not answered for.
  const saving = dirty && enabled && !offered;
  const latest = useRef({ saving, key, exportFlow });
  useEffect(() => { latest.current = { saving, key, exportFlow }; });
  useEffect(() => {
    if (!saving) return;
    const timer = window.setTimeout(() => saveDraft(key, exportFlow()), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [saving, key, exportFlow, revision]);
  // Leaving within the debounce (a confirmed leave): keep the last keystrokes too.
  useEffect(() => () => {
    const { saving: wasSaving, key: lastKey, exportFlow: lastExport } = latest.current;
    if (wasSaving) saveDraft(lastKey, lastExport());
  }, []);

  /** Call once the flow (at `version`) is on the canvas: offers the draft kept for it, if any. */
  const checkForDraft = useCallback((version: number | null) => {
    setOffered(loadDraft(draftKey(username, flowId, version)));
  }, [username, flowId]);

  /** The edits are deployed (or thrown away by a rollback): the draft for their base version goes. */
  const settle = useCallback((baseKeyVersion: number | null) => {
    unsaved.current = false;
    latest.current = { ...latest.current, saving: false };
    discardDraft(draftKey(username, flowId, baseKeyVersion));
    setOffered(null);
  }, [username, flowId]);

  const dismissOffer = useCallback(() => {
    discardDraft(key);
    setOffered(null);
  }, [key]);

  return { offered, checkForDraft, settle, dismissOffer, acceptOffer: () => setOffered(null) };
}
