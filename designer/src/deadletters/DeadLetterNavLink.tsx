// Header entry of the dead-letter console, with a badge of the open dead letters ("1 open dead letter", "3 open dead letters").
import { routeHref } from '../util/useHashRoute';
import { useOpenDeadLetterCount } from './useOpenDeadLetterCount';

export function openDeadLettersText(count: number): string {
  return `${count} open dead letter${count === 1 ? '' : 's'}`;
}

export function DeadLetterNavLink({ current }: { current: 'page' | undefined }) {
  const open = useOpenDeadLetterCount();
  return (
    <a href={routeHref({ view: 'deadletters' })} aria-current={current}>
      Dead letters
      {open ? <span className="nav-count" aria-label={openDeadLettersText(open)} title={openDeadLettersText(open)}>{open}</span> : null}
    </a>
  );
}
