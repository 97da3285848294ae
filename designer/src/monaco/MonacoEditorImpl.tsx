// Monaco editor bound to a value: emits changes, accepts external updates, shows inline error markers.
import { useEffect, useRef } from 'react';
import { monaco } from './setup';
import type { EditorMarker, MonacoEditorProps } from './MonacoEditor';

function toMarkerData(model: monaco.editor.ITextModel, marker: EditorMarker): monaco.editor.IMarkerData {
  const length = model.getValueLength();
  const end = Math.min(Math.max(marker.endOffset, marker.startOffset + 1), length);
  const start = Math.max(0, Math.min(marker.startOffset, Math.max(0, end - 1)));
  const startPos = model.getPositionAt(start);
  const endPos = model.getPositionAt(Math.max(end, start + (length > 0 ? 1 : 0)));
  return {
    severity: monaco.MarkerSeverity.Error,
    message: marker.message,
    startLineNumber: startPos.lineNumber,
    startColumn: startPos.column,
    endLineNumber: endPos.lineNumber,
    endColumn: endPos.column,
  };
}

export default function MonacoEditorImpl({ value, onChange, language, height = 120, ariaLabel, markers, readOnly }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const instance = monaco.editor.create(host.current, {
      value,
      language,
      readOnly,
      ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      lineNumbers: language === 'json' ? 'on' : 'off',
      scrollBeyondLastLine: false,
      fontSize: 13,
      tabSize: 2,
      wordWrap: 'on',
      renderLineHighlight: 'none',
      fixedOverflowWidgets: true,
      scrollbar: { alwaysConsumeMouseWheel: false },
    });
    editor.current = instance;
    const subscription = instance.onDidChangeModelContent(() => onChangeRef.current?.(instance.getValue()));
    return () => {
      // The editor first, then its model: a model disposed under a live editor throws "Model is disposed!".
      const model = instance.getModel();
      subscription.dispose();
      editor.current = null;
      instance.dispose();
      model?.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the editor is created once; later props are applied below
  }, []);

  useEffect(() => {
    const instance = editor.current;
    if (instance && instance.getValue() !== value) instance.setValue(value);
  }, [value]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly });
  }, [readOnly]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'tradelane', (markers ?? []).map((m) => toMarkerData(model, m)));
  }, [markers, value]);

  return <div ref={host} className="monaco-host" style={{ height }} />;
}
