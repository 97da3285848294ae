// Leaving a view with unsaved work: the view registers a guard; hash navigation (links, back button, navigate())
// then waits for the user's answer in the in-app confirm dialog instead of dropping the work.
import { useSyncExternalStore } from 'react';

/** Returns why leaving needs a confirmation (e.g. undeployed edits), or null when leaving is fine. */
export type LeaveGuard = () => string | null;

let guard: LeaveGuard | null = null;
let pending: { href: string; reason: string } | null = null;
let allowOnce: string | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** Registers the guard of the current view; returns the function that removes it. */
export function setLeaveGuard(next: LeaveGuard): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/**
 * Whether the app may move to `href` now. When not, the move is remembered for the confirm dialog.
 * `current` is the href shown now: staying on it is always allowed.
 */
export function mayLeaveTo(href: string, current: string): boolean {
  if (href === allowOnce) {
    allowOnce = null;
    return true;
  }
  const reason = href === current ? null : guard?.() ?? null;
  if (!reason) return true;
  pending = { href, reason };
  emit();
  return false;
}

/** The user chose to leave: go where they wanted. */
export function confirmLeave(): void {
  const target = pending;
  pending = null;
  emit();
  if (!target) return;
  // The guarded view is leaving; while the next view's code loads, Suspense keeps the old one mounted (hidden), and
  // its guard must not ask again for the next click.
  guard = null;
  allowOnce = target.href;
  window.location.hash = target.href;
}

export function cancelLeave(): void {
  pending = null;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The navigation waiting for the user's answer, if any. */
export function usePendingLeave(): { href: string; reason: string } | null {
  return useSyncExternalStore(subscribe, () => pending);
}
