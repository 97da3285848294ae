// Import (paste or file) and export (copy or download) of Node-RED flow JSON; an export of several tabs becomes one flow per tab.
import { useMemo, useState, type ChangeEvent } from 'react';
import type { ImportResult, NodeRedNode } from '../api/types';
import { useModal } from '../util/useModal';
import { ImportedFlowsList } from './ImportedFlowsList';

interface ImportExportDialogProps {
  mode: 'import' | 'export';
  exported: NodeRedNode[];
  fileName: string;
  onImport(flow: NodeRedNode[]): void;
  /** Imports an export of several tabs as one flow each, on the server. */
  onImportFlows(flow: NodeRedNode[]): Promise<ImportResult>;
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

/** The tabs of what was pasted, or none while it is not a flow yet. */
function tabsOf(text: string): NodeRedNode[] {
  try {
    return parseFlowJson(text).filter((node) => node.type === 'tab');
  } catch {
    return [];
  }
}

export function ImportExportDialog({ mode, exported, fileName, onImport, onImportFlows, onClose }: ImportExportDialogProps) {
  const [text, setText] = useState(mode === 'export' ? JSON.stringify(exported, null, 2) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const dialogRef = useModal<HTMLDivElement>(onClose);
  const tabs = useMemo(() => (mode === 'import' ? tabsOf(text) : []), [mode, text]);
  // Several tabs never go onto one canvas: that would drop or merge flows. They become flows of their own.
  const severalFlows = tabs.length > 1;

  function doImport() {
    try {
      onImport(parseFlowJson(text));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  async function doImportFlows() {
    setBusy(true);
    setError(null);
    try {
      setImported(await onImportFlows(parseFlowJson(text)));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
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

  if (imported) {
    return (
      <div className="modal-backdrop" role="presentation">
        <div ref={dialogRef} className="modal wide" role="dialog" aria-modal="true" aria-label="Imported flows">
          <ImportedFlowsList result={imported} />
          <div className="modal-actions"><span className="spacer" /><button type="button" className="primary" onClick={onClose}>Close</button></div>
        </div>
      </div>
    );
  }

  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal wide" role="dialog" aria-modal="true" aria-label={mode === 'import' ? 'Import flow' : 'Export flow'}>
        <h2>{mode === 'import' ? 'Import Node-RED flow JSON' : 'Export as Node-RED flow JSON'}</h2>
        {mode === 'import' && <input type="file" accept="application/json,.json" aria-label="Flow file" onChange={(e) => void readFile(e)} />}
        <textarea className="mono json-text" aria-label="Flow JSON" rows={18} value={text} readOnly={mode === 'export'} onChange={(e) => setText(e.target.value)} />
        {severalFlows && (
          <p role="note" className="import-tabs">
            This file holds {tabs.length} flows ({tabs.map((tab) => String(tab.label ?? tab.id)).join(', ')}). Each becomes a flow of its own and is
            deployed as a new version; a disabled tab stays disabled. A flow whose id already exists gets a new version.
          </p>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="modal-actions">
          <span className="spacer" />
          <button type="button" onClick={onClose}>{mode === 'import' ? 'Cancel' : 'Close'}</button>
          {mode === 'export' && <button type="button" className="primary" onClick={download} aria-label="Download JSON">Download</button>}
          {mode === 'import' && !severalFlows && <button type="button" className="primary" onClick={doImport} aria-label="Import nodes">Import</button>}
          {severalFlows && (
            <button type="button" className="primary" disabled={busy} onClick={() => void doImportFlows()}>{busy ? 'Importing…' : `Import as ${tabs.length} flows`}</button>
          )}
        </div>
      </div>
    </div>
  );
}
