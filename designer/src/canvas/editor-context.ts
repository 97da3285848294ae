// Context shared by canvas node components: the node catalog and the overlay store.
import { createContext, useContext } from 'react';
import type { NodeCatalogEntry } from '../api/types';
import type { OverlayStore } from './overlay-store';

export interface EditorContextValue {
  catalog: ReadonlyMap<string, NodeCatalogEntry>;
  overlays: OverlayStore;
  /** Fires a deployed inject node (the button on inject nodes); absent where the user may not, or nothing is deployed. */
  injectNode?: (nodeId: string, title: string) => void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext outside EditorContext');
  return value;
}
