// Status tabs for a work list (alerts, exceptions): each links its filter in the hash and shows how many items are in that status.
import '../ledger/ledger.css';

export interface StatusTab {
  value: string;
  label: string;
  count?: number;
  href: string;
}

export function StatusTabs({ tabs, current, label }: { tabs: StatusTab[]; current: string; label: string }) {
  return (
    <nav className="status-tabs" aria-label={label}>
      {tabs.map((tab) => (
        <a key={tab.value} href={tab.href} aria-current={tab.value === current ? 'page' : undefined}>
          {tab.label}{tab.count !== undefined ? ` (${tab.count})` : ''}
        </a>
      ))}
    </nav>
  );
}
