// Editor toolbar: flow name, edit actions, import/export, validation summary and deploy.
interface ToolbarProps {
  label: string;
  onLabelChange(label: string): void;
  version: number | null;
  dirty: boolean;
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  errorCount: number;
  warningCount: number;
  onUndo(): void;
  onRedo(): void;
  onCopy(): void;
  onPaste(): void;
  onDelete(): void;
  onFit(): void;
  onArrange(): void;
  onImport(): void;
  onExport(): void;
  onDeploy(): void;
  canDeploy: boolean;
}

export function Toolbar(props: ToolbarProps) {
  const { readOnly } = props;
  return (
    <div className="toolbar" role="toolbar" aria-label="Flow actions">
      <input className="flow-label" aria-label="Flow name" value={props.label} disabled={readOnly} onChange={(e) => props.onLabelChange(e.target.value)} />
      <span className="muted small" aria-label="Flow state">
        {props.version ? `v${props.version} deployed` : 'not deployed'}{props.dirty ? ' · unsaved changes' : ''}
      </span>
      <span className="spacer" />
      <div className="button-group">
        <button type="button" onClick={props.onUndo} disabled={readOnly || !props.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">↶</button>
        <button type="button" onClick={props.onRedo} disabled={readOnly || !props.canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">↷</button>
        <button type="button" onClick={props.onCopy} aria-label="Copy" title="Copy (Ctrl+C)">Copy</button>
        <button type="button" onClick={props.onPaste} disabled={readOnly} aria-label="Paste" title="Paste (Ctrl+V)">Paste</button>
        <button type="button" onClick={props.onDelete} disabled={readOnly} aria-label="Delete selected" title="Delete (Del)">Delete</button>
      </div>
      <div className="button-group">
        <button type="button" onClick={props.onFit} aria-label="Zoom to fit">Fit</button>
        <button type="button" onClick={props.onArrange} disabled={readOnly} aria-label="Arrange nodes" title="Lay the flow out left to right (undo restores it)">Arrange</button>
        <button type="button" onClick={props.onImport} disabled={readOnly} aria-label="Import flow JSON">Import</button>
        <button type="button" onClick={props.onExport} aria-label="Export flow JSON">Export</button>
      </div>
      <span className={`problem-count ${props.errorCount ? 'has-errors' : props.warningCount ? 'has-warnings' : 'ok'}`} aria-label="Validation summary">
        {props.errorCount ? `${props.errorCount} error${props.errorCount > 1 ? 's' : ''}` : 'valid'}
        {props.warningCount ? ` · ${props.warningCount} warning${props.warningCount > 1 ? 's' : ''}` : ''}
      </span>
      {props.canDeploy && (
        <button type="button" className="primary" onClick={props.onDeploy} disabled={readOnly} aria-label="Deploy">Deploy</button>
      )}
    </div>
  );
}
