// Ctrl+F on the canvas: find nodes by name, type or setting; Enter goes to the next match, Shift+Enter to the previous one.
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { TlNode } from './flow-model';
import { useEditorContext } from './editor-context';
import { findNodes } from './canvas-commands';

interface FindBarProps {
  nodes: TlNode[];
  /** Selects the node and brings it into view. */
  onReveal(nodeId: string): void;
  onClose(): void;
}

export function FindBar({ nodes, onReveal, onClose }: FindBarProps) {
  const { catalog } = useEditorContext();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(-1);
  const matches = useMemo(() => findNodes(nodes, query, catalog), [nodes, query, catalog]);

  function go(step: 1 | -1) {
    if (!matches.length) return;
    const next = (index + step + matches.length) % matches.length;
    setIndex(next);
    onReveal(matches[next]!.id);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') { event.preventDefault(); go(event.shiftKey ? -1 : 1); }
    else if (event.key === 'Escape') { event.preventDefault(); onClose(); }
  }

  const position = !query.trim() ? '' : matches.length === 0 ? 'no match' : `${index >= 0 ? index + 1 : 0} of ${matches.length}`;
  return (
    <div className="find-bar" role="search" aria-label="Find nodes">
      <input autoFocus aria-label="Find nodes" placeholder="Find: name, type, URL, topic…" value={query}
        onChange={(event) => { setQuery(event.target.value); setIndex(-1); }} onKeyDown={onKeyDown} />
      <span className="muted small" aria-label="Find matches" aria-live="polite">{position}</span>
      <button type="button" onClick={() => go(-1)} disabled={!matches.length} aria-label="Previous match">↑</button>
      <button type="button" onClick={() => go(1)} disabled={!matches.length} aria-label="Next match">↓</button>
      <button type="button" onClick={onClose} aria-label="Close find">×</button>
    </div>
  );
}
