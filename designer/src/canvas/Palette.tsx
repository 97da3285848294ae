// Node palette from GET /api/nodes: grouped by category, searchable, drag onto the canvas (or Enter to add); collapsible for small screens.
import { memo, useMemo, useState, type DragEvent } from 'react';
import type { NodeCatalogEntry } from '../api/types';

export const DRAG_MIME = 'application/x-tradelane-node';

interface PaletteProps {
  nodes: NodeCatalogEntry[];
  onAdd(type: string): void;
  disabled?: boolean;
}

function PaletteImpl({ nodes, onAdd, disabled }: PaletteProps) {
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState(false);
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = nodes.filter((n) => !n.configNode && (!needle || `${n.label} ${n.type} ${n.summary} ${n.category}`.toLowerCase().includes(needle)));
    const byCategory = new Map<string, NodeCatalogEntry[]>();
    for (const node of matching) byCategory.set(node.category, [...(byCategory.get(node.category) ?? []), node]);
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [nodes, query]);

  function onDragStart(event: DragEvent, type: string) {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'move';
  }

  if (collapsed) {
    return (
      <aside className="palette collapsed" aria-label="Node palette">
        <button type="button" className="palette-toggle" aria-label="Show palette" aria-expanded="false" onClick={() => setCollapsed(false)}>›</button>
      </aside>
    );
  }
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="palette-head">
        <input type="search" className="palette-search" placeholder="Search nodes…" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="button" className="palette-toggle" aria-label="Hide palette" aria-expanded="true" onClick={() => setCollapsed(true)}>‹</button>
      </div>
      <div className="palette-groups">
        {groups.length === 0 && <p className="muted small">No node matches “{query}”.</p>}
        {groups.map(([category, entries]) => (
          <details key={category} open className="palette-group">
            <summary>{category} <span className="muted small">{entries.length}</span></summary>
            <ul>
              {entries.map((entry) => (
                <li key={entry.type}>
                  <div
                    className="palette-item"
                    draggable={!disabled}
                    tabIndex={0}
                    role="button"
                    aria-label={`Palette node ${entry.label}`}
                    data-node-type={entry.type}
                    title={entry.package ? `${entry.summary} (${entry.package.name}${entry.package.version ? ` ${entry.package.version}` : ''})` : entry.summary}
                    style={{ ['--node-color' as string]: entry.color ?? '#8a94a6' }}
                    onDragStart={(e) => onDragStart(e, entry.type)}
                    onKeyDown={(e) => { if (!disabled && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); onAdd(entry.type); } }}
                    onDoubleClick={() => !disabled && onAdd(entry.type)}
                  >
                    <span className="palette-item-label">{entry.label}</span>
                    {entry.origin === 'node-red' && <span className="origin-tag">core</span>}
                  </div>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </aside>
  );
}

export const Palette = memo(PaletteImpl);
