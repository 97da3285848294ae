// Open dead letters for the nav badge: polled, and refreshed at once when the console changed one.
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';

const REFRESH_MS = 5000;
/** Fired on window by the console after a replay or discard, so the badge need not wait for the next poll. */
const DEAD_LETTERS_CHANGED_EVENT = 'tradelane:dead-letters-changed';

export function announceDeadLettersChanged(): void {
  window.dispatchEvent(new Event(DEAD_LETTERS_CHANGED_EVENT));
}

/** undefined until the first answer; a failed poll keeps the last count. */
export function useOpenDeadLetterCount(): number | undefined {
  const { api } = useSession();
  const [open, setOpen] = useState<number>();
  useEffect(() => {
    let cancelled = false;
    const poll = () => void api.deadLetterCounts().then((counts) => { if (!cancelled) setOpen(counts.open); }, () => undefined);
    poll();
    const timer = window.setInterval(poll, REFRESH_MS);
    window.addEventListener(DEAD_LETTERS_CHANGED_EVENT, poll);
    return () => { cancelled = true; window.clearInterval(timer); window.removeEventListener(DEAD_LETTERS_CHANGED_EVENT, poll); };
  }, [api]);
  return open;
}
