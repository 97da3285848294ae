// Right-hand panel of the editor with tabs: Properties, Versions, Live, Trace.
import type { ReactNode } from 'react';

export type SideTab = 'properties' | 'versions' | 'live' | 'trace';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'properties', label: 'Properties' },
  { id: 'versions', label: 'Versions' },
  { id: 'live', label: 'Live' },
  { id: 'trace', label: 'Trace' },
];

export function SidePanel({ tab, onTab, children }: { tab: SideTab; onTab(tab: SideTab): void; children: ReactNode }) {
  return (
    <aside className="side-panel" aria-label="Side panel">
      <div role="tablist" className="tabs" aria-label="Panels">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} onClick={() => onTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="side-panel-body">{children}</div>
    </aside>
  );
}
