// Lazy-loading wrapper so Monaco (several MB) is fetched only when an editor is first shown.
import { lazy, Suspense } from 'react';

export interface EditorMarker {
  message: string;
  /** Character offsets into the text. */
  startOffset: number;
  endOffset: number;
}

export interface MonacoEditorProps {
  value: string;
  onChange?(value: string): void;
  language: 'json' | 'jsonata' | 'plaintext';
  height?: number;
  ariaLabel: string;
  markers?: EditorMarker[];
  readOnly?: boolean;
}

const Impl = lazy(() => import('./MonacoEditorImpl'));

export function MonacoEditor(props: MonacoEditorProps) {
  return (
    <div className="code-editor" role="group" aria-label={props.ariaLabel} data-language={props.language}>
      <Suspense fallback={<div className="monaco-host loading" style={{ height: props.height ?? 120 }}>Loading editor…</div>}>
        <Impl {...props} />
      </Suspense>
    </div>
  );
}
