// What the canvas's right-click menu offers: the edit commands for the current selection, fewer when the canvas is read-only.
import type { CanvasActions } from './FlowCanvas';
import type { MenuItem } from './CanvasContextMenu';
import type { TlNode } from './flow-model';
import { isDisabled } from './canvas-commands';

export function canvasMenuItems(nodes: TlNode[], actions: CanvasActions, readOnly: boolean, openFind: () => void): MenuItem[] {
  const selected = nodes.filter((node) => node.selected);
  const none = selected.length === 0;
  const find: MenuItem = { label: 'Find…', shortcut: 'Ctrl+F', run: openFind };
  const copy: MenuItem = { label: 'Copy', shortcut: 'Ctrl+C', disabled: none, run: actions.copy };
  if (readOnly) return [copy, find];
  const allDisabled = !none && selected.every(isDisabled);
  return [
    { label: 'Cut', shortcut: 'Ctrl+X', disabled: none, run: actions.cut },
    copy,
    { label: 'Paste', shortcut: 'Ctrl+V', run: actions.paste },
    { label: 'Delete', shortcut: 'Del', disabled: none, run: actions.deleteSelection },
    { label: allDisabled ? 'Enable' : 'Disable', disabled: none, run: actions.toggleDisabled },
    { label: 'Select all', shortcut: 'Ctrl+A', disabled: nodes.length === 0, run: actions.selectAll },
    find,
    { label: 'Arrange', disabled: nodes.length === 0, run: actions.arrange },
  ];
}
