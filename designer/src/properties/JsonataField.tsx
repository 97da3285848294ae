// A JSONata property inside the form: a compact Monaco editor plus a button to open the preview workbench.
import { MonacoEditor } from '../monaco/MonacoEditor';

interface JsonataFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  onOpen(): void;
}

export function JsonataField({ label, value, onChange, onOpen }: JsonataFieldProps) {
  return (
    <div className="jsonata-field">
      <MonacoEditor language="jsonata" ariaLabel={label} value={value} onChange={onChange} height={90} />
      <button type="button" className="link-button" aria-label={`Open JSONata editor for ${label}`} onClick={onOpen}>
        Open editor with live preview
      </button>
    </div>
  );
}
