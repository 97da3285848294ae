// Right-hand panel of the editor with tabs: Properties, Versions, Tests, Live, Trace, Debug; collapsible to give the canvas the room.
import { useState, type ReactNode } from 'react';
import './side-panel.css';

export type SideTab = 'properties' | 'versions' | 'tests' | 'live' | 'trace' | 'debug';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'properties', label: 'Properties' },
  { id: 'versions', label: 'Versions' },
  { id: 'tests', label: 'Tests' },
  { id: 'live', label: 'Live' },
  { id: 'trace', label: 'Trace' },
  { id: 'debug', label: 'Debug' },
];

export function SidePanel({ tab, onTab, children }: { tab: SideTab; onTab(tab: SideTab): void; children: ReactNode }) {
  const [collapsed, setCollapsed] = useState(false);
  if (collapsed) {
    return (
      <aside className="side-panel collapsed" aria-label="Side panel">
        <button type="button" className="side-panel-toggle" aria-label="Show side panel" aria-expanded="false" onClick={() => setCollapsed(false)}>‹</button>
      </aside>
    );
  }
  return (
    <aside className="side-panel" aria-label="Side panel">
      <div role="tablist" className="tabs" aria-label="Panels">
        <button type="button" className="side-panel-toggle" aria-label="Hide side panel" aria-expanded="true" onClick={() => setCollapsed(true)}>›</button>
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
