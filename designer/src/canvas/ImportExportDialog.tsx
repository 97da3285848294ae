// Import (paste or file) and export (copy or download) of Node-RED flow JSON.
import { useState, type ChangeEvent } from 'react';
import type { NodeRedNode } from '../api/types';
import { useModal } from '../util/useModal';

interface ImportExportDialogProps {
  mode: 'import' | 'export';
  exported: NodeRedNode[];
  fileName: string;
  onImport(flow: NodeRedNode[]): void;
  onClose(): void;
}

export function parseFlowJson(text: string): NodeRedNode[] {
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as { flow?: unknown }).flow) ? (parsed as { flow: unknown[] }).flow : null;
  if (!list) throw new Error('expected a Node-RED flow: a JSON array of nodes');
  for (const node of list) {
    if (!node || typeof node !== 'object' || typeof (node as NodeRedNode).id !== 'string' || typeof (node as NodeRedNode).type !== 'string') {
      throw new Error('every node needs a string "id" and "type"');
    }
  }
  return list as NodeRedNode[];
}

export function ImportExportDialog({ mode, exported, fileName, onImport, onClose }: ImportExportDialogProps) {
  const [text, setText] = useState(mode === 'export' ? JSON.stringify(exported, null, 2) : '');
  const [error, setError] = useState<string | null>(null);
  const dialogRef = useModal<HTMLDivElement>(onClose);

  function doImport() {
    try {
      onImport(parseFlowJson(text));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal wide" role="dialog" aria-modal="true" aria-label={mode === 'import' ? 'Import flow' : 'Export flow'}>
        <h2>{mode === 'import' ? 'Import Node-RED flow JSON' : 'Export as Node-RED flow JSON'}</h2>
        {mode === 'import' && <input type="file" accept="application/json,.json" aria-label="Flow file" onChange={(e) => void readFile(e)} />}
        <textarea className="mono json-text" aria-label="Flow JSON" rows={18} value={text} readOnly={mode === 'export'} onChange={(e) => setText(e.target.value)} />
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="modal-actions">
          <span className="spacer" />
          <button type="button" onClick={onClose}>{mode === 'import' ? 'Cancel' : 'Close'}</button>
          {mode === 'import' ? (
            <button type="button" className="primary" onClick={doImport} aria-label="Import nodes">Import</button>
          ) : (
            <button type="button" className="primary" onClick={download} aria-label="Download JSON">Download</button>
          )}
        </div>
      </div>
    </div>
  );
}
