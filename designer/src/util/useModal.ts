// One behaviour for every dialog: Escape closes, Tab stays inside, the first field (or [autofocus]) gets focus, and
// focus returns to where it was when the dialog closes. aria-modal alone does none of this in a browser.
import { useEffect, useRef, useState, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

/** Tab from the last element goes to the first, Shift+Tab from the first to the last; focus outside is pulled back in. */
function trapTab(root: HTMLElement, event: KeyboardEvent): void {
  const items = focusables(root);
  if (!items.length) {
    event.preventDefault();
    root.focus();
    return;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const active = document.activeElement;
  const inside = active instanceof Node && root.contains(active);
  if (event.shiftKey && (!inside || active === first || active === root)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}

/** Open dialogs, innermost last: only the innermost one answers Escape and Tab. */
const openDialogs: HTMLElement[] = [];

/**
 * The element focused last. A button that disables itself while it loads what the dialog needs (a count, a preview)
 * loses focus to <body> before the dialog opens; focus must still go back to that button.
 */
let lastFocused: HTMLElement | null = null;
// From module load (the dialog's chunk loads with its page), so the focus before the first dialog is known too.
document.addEventListener('focusin', (event) => { if (event.target instanceof HTMLElement) lastFocused = event.target; }, true);

function openerNow(): HTMLElement | null {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body) return active;
  return lastFocused?.isConnected ? lastFocused : null;
}

/** Attach the returned ref to the element with role="dialog". `onClose` runs on Escape (unless a widget inside used the key). */
export function useModal<T extends HTMLElement>(onClose: () => void): RefObject<T | null> {
  const ref = useRef<T>(null);
  // Read while rendering, before React's autoFocus moves focus into the dialog.
  const [opener] = useState(openerNow);
  const onCloseRef = useRef(onClose);
  useEffect(() => { onCloseRef.current = onClose; });

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    openDialogs.push(root);
    if (!root.hasAttribute('tabindex')) root.tabIndex = -1;
    if (!(document.activeElement instanceof Node && root.contains(document.activeElement))) {
      (root.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? focusables(root)[0] ?? root).focus();
    }
    function onKeyDown(event: KeyboardEvent) {
      // Monaco (suggestions, tab insertion) and other widgets mark keys they handled: leave those alone.
      if (event.defaultPrevented || !root || openDialogs[openDialogs.length - 1] !== root) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onCloseRef.current();
      } else if (event.key === 'Tab') {
        trapTab(root, event);
      }
    }
    // On the document, so a Tab pressed while focus somehow sits outside (a click on the backdrop) is still trapped.
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      openDialogs.splice(openDialogs.indexOf(root), 1);
      if (opener && opener.isConnected) opener.focus();
    };
  }, [opener]);

  return ref;
}
