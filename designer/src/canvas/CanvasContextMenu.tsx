// The canvas's right-click menu: a small list of commands at the pointer, closed by Escape, a click elsewhere or a choice.
import { useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  shortcut?: string;
  disabled?: boolean;
  run(): void;
}

interface CanvasContextMenuProps {
  /** Pointer position relative to the canvas wrapper. */
  at: { x: number; y: number };
  items: MenuItem[];
  onClose(): void;
}

export function CanvasContextMenu({ at, items, onClose }: CanvasContextMenuProps) {
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') onClose();
    }
    function onPointer(event: PointerEvent) {
      if (!menu.current?.contains(event.target as Node)) onClose();
    }
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [onClose]);

  return (
    <div ref={menu} className="canvas-menu" role="menu" aria-label="Canvas menu" style={{ left: at.x, top: at.y }}>
      {items.map((item) => (
        <button key={item.label} type="button" role="menuitem" disabled={item.disabled}
          onClick={() => { onClose(); item.run(); }}>
          <span>{item.label}</span>
          {item.shortcut && <kbd>{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
