// One form field generated from a JSON Schema property; recurses into objects and arrays.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { JSONSchema } from '../../../nodes/sdk/json-schema';
import { isShown } from './show-when';
import { MonacoEditor } from '../monaco/MonacoEditor';
import { JsonataField } from './JsonataField';

export interface FieldContext {
  /** Opens the JSONata editor with live preview for a field. */
  openJsonata(path: string, value: string, onChange: (value: string) => void): void;
}

interface SchemaFieldProps {
  name: string;
  path: string;
  schema: JSONSchema;
  value: unknown;
  required: boolean;
  onChange(value: unknown): void;
  context: FieldContext;
  /** Secret fields are write-only: the current value is never shown. */
  secret?: boolean;
  /** Id of an error message shown next to the field: the control is marked invalid and described by it. */
  errorId?: string;
  /** Show the property key beside its title: Node-RED users know core-node fields by their keys (tosidebar, vt, tot). */
  showKey?: boolean;
}

function primaryType(schema: JSONSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.enum) return 'string';
  return undefined;
}

export function SchemaField({ name, path, schema, value, required, onChange, context, secret, errorId, showKey }: SchemaFieldProps) {
  const label = schema.title ?? name;
  const keyHint = showKey && label !== name ? <code className="field-key">{name}</code> : null;
  const type = primaryType(schema);
  const widget = schema['x-widget'];
  const help = schema.description ? <small className="field-help">{schema.description}</small> : null;
  const labelText = <span className="field-label" title={name}>{label}{required && <span className="required" aria-hidden="true"> *</span>}{keyHint}</span>;
  const invalid = errorId ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};

  if (secret || schema['x-secret'] || widget === 'password') {
    return <SecretField label={label} labelText={labelText} help={help} hasValue={value !== undefined && value !== ''} onChange={onChange} errorId={errorId} multiline={widget === 'textarea'} />;
  }
  if (widget === 'jsonata') {
    return (
      <div className="field">
        {labelText}
        <JsonataField label={label} value={typeof value === 'string' ? value : ''} onChange={onChange}
          onOpen={() => context.openJsonata(path, typeof value === 'string' ? value : '', onChange)} />
        {help}
      </div>
    );
  }
  if (widget === 'json' || type === undefined || schema.oneOf || schema.anyOf) {
    return <JsonField label={label} labelText={labelText} help={help} value={value} stringValued={type === 'string'} onChange={onChange} />;
  }
  if (schema.enum) {
    return (
      <label className="field">
        {labelText}
        <select aria-label={label} {...invalid} value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : schema.enum!.find((option) => String(option) === e.target.value))}>
          {!required && <option value="">(none)</option>}
          {value === undefined && required && <option value="">Choose…</option>}
          {schema.enum.map((option) => <option key={String(option)} value={String(option)}>{String(option)}</option>)}
        </select>
        {help}
      </label>
    );
  }
  if (type === 'boolean') {
    return (
      <label className="field field-inline">
        <input type="checkbox" aria-label={label} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {labelText}
        {help}
      </label>
    );
  }
  if (type === 'number' || type === 'integer') {
    return (
      <label className="field">
        {labelText}
        <input type="number" aria-label={label} {...invalid} value={typeof value === 'number' ? value : ''} min={schema.minimum} max={schema.maximum}
          step={type === 'integer' ? 1 : 'any'}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
        {help}
      </label>
    );
  }
  if (type === 'object') {
    const objectValue = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const properties = Object.entries(schema.properties ?? {});
    if (!properties.length) return <JsonField label={label} labelText={labelText} help={help} value={value} stringValued={false} onChange={onChange} />;
    return (
      <fieldset className="field-group">
        <legend title={name}>{label}{keyHint}</legend>
        {help}
        {properties.filter(([, child]) => isShown(child, objectValue, schema.properties)).map(([key, child]) => (
          <SchemaField key={key} name={key} path={`${path}.${key}`} schema={child} value={objectValue[key]} required={schema.required?.includes(key) ?? false}
            context={context} showKey={showKey} onChange={(next) => onChange(withKey(objectValue, key, next))} />
        ))}
      </fieldset>
    );
  }
  if (type === 'array') {
    return <ArrayField label={label} name={name} keyHint={keyHint} path={path} schema={schema} value={Array.isArray(value) ? value : []} onChange={onChange} context={context} help={help} showKey={showKey} />;
  }
  if (widget === 'textarea') {
    return (
      <label className="field">
        {labelText}
        <textarea aria-label={label} {...invalid} rows={4} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />
        {help}
      </label>
    );
  }
  return (
    <label className="field">
      {labelText}
      <input type="text" aria-label={label} {...invalid} value={value === undefined || value === null ? '' : String(value)}
        placeholder={placeholderFor(schema, widget)} onChange={(e) => onChange(e.target.value)} />
      {help}
    </label>
  );
}

/** JSON Schema's `examples` show as the placeholder ("e.g. ..."), so an example is seen without being adopted as data. */
function placeholderFor(schema: JSONSchema, widget: string | undefined): string | undefined {
  const example = schema.examples?.[0];
  if (typeof example === 'string' || typeof example === 'number') return `e.g. ${example}`;
  return widget === 'csv' ? 'comma,separated,values' : undefined;
}

function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...object };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Write-only: what is stored is never shown. Multi-line secrets (a private key) need a text area: an input drops line breaks. */
function SecretField({ label, labelText, help, hasValue, onChange, errorId, multiline }: { label: string; labelText: ReactNode; help: ReactNode; hasValue: boolean; onChange(value: unknown): void; errorId?: string; multiline: boolean }) {
  const [draft, setDraft] = useState('');
  const common = {
    'aria-label': label, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': errorId, value: draft,
    placeholder: hasValue ? '•••••• (set; type to replace)' : 'not set',
    onChange: (e: { target: { value: string } }) => { setDraft(e.target.value); onChange(e.target.value === '' ? undefined : e.target.value); },
  };
  return (
    <label className="field">
      {labelText}
      {multiline
        ? <textarea {...common} className="secret-text" rows={4} spellCheck={false} autoComplete="off" />
        : <input type="password" {...common} autoComplete="new-password" />}
      {help}
    </label>
  );
}

function JsonField({ label, labelText, help, value, stringValued, onChange }: { label: string; labelText: ReactNode; help: ReactNode; value: unknown; stringValued: boolean; onChange(value: unknown): void }) {
  const format = (v: unknown) => (stringValued ? (typeof v === 'string' ? v : '') : v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const emitted = useRef<unknown>(value);

  // Follow changes made elsewhere (undo, the JSONata workbench) without clobbering what is being typed.
  useEffect(() => {
    if (JSON.stringify(value) !== JSON.stringify(emitted.current)) {
      emitted.current = value;
      setText(format(value));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- format only depends on stringValued
  }, [value]);

  function emit(next: unknown) {
    emitted.current = next;
    onChange(next);
  }
  function change(next: string) {
    setText(next);
    if (stringValued) return emit(next);
    if (!next.trim()) {
      setError(null);
      return emit(undefined);
    }
    try {
      emit(JSON.parse(next));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <div className="field">
      {labelText}
      <MonacoEditor language="json" ariaLabel={label} value={text} onChange={change} height={120} />
      {error && <small className="error-text" role="alert">{error}</small>}
      {help}
    </div>
  );
}

interface ArrayFieldProps {
  label: string; name: string; keyHint: ReactNode; path: string; schema: JSONSchema; value: unknown[];
  onChange(value: unknown): void; context: FieldContext; help: ReactNode; showKey?: boolean;
}

function ArrayField({ label, name, keyHint, path, schema, value, onChange, context, help, showKey }: ArrayFieldProps) {
  const itemSchema = schema.items ?? {};
  return (
    <fieldset className="field-group">
      <legend title={name}>{label}{keyHint}</legend>
      {help}
      {value.map((item, index) => (
        <div key={index} className="array-item">
          <SchemaField name={`${label} ${index + 1}`} path={`${path}[${index}]`} schema={itemSchema} value={item} required context={context} showKey={showKey}
            onChange={(next) => onChange(value.map((v, i) => (i === index ? next : v)))} />
          <button type="button" className="icon-button" aria-label={`Remove ${label} ${index + 1}`} onClick={() => onChange(value.filter((_, i) => i !== index))}>✕</button>
        </div>
      ))}
      <button type="button" aria-label={`Add ${label}`} onClick={() => onChange([...value, emptyValue(itemSchema)])}>+ Add</button>
    </fieldset>
  );
}

function emptyValue(schema: JSONSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  const type = primaryType(schema);
  if (type === 'object') return {};
  if (type === 'array') return [];
  if (type === 'number' || type === 'integer') return 0;
  if (type === 'boolean') return false;
  if (schema.enum?.length) return schema.enum[0];
  return '';
}
