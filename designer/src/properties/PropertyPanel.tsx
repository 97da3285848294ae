// Property panel for the selected node: name, config form from configSchema, credentials, problems and docs.
import type { NodeCatalogEntry } from '../api/types';
import type { TlNode } from '../canvas/flow-model';
import type { NodeProblem } from '../canvas/overlay-store';
import { SchemaField, type FieldContext } from './SchemaField';
import { Markdown } from './Markdown';
import { isShown } from './show-when';

interface PropertyPanelProps {
  node: TlNode | null;
  selectedCount: number;
  descriptor: NodeCatalogEntry | undefined;
  problems: NodeProblem[];
  readOnly: boolean;
  onChange(patch: { name?: string; config?: Record<string, unknown> }): void;
  fieldContext: FieldContext;
}

export function PropertyPanel({ node, selectedCount, descriptor, problems, readOnly, onChange, fieldContext }: PropertyPanelProps) {
  if (!node) {
    return (
      <div className="panel-empty muted">
        {selectedCount > 1 ? `${selectedCount} nodes selected. Copy (Ctrl+C), paste (Ctrl+V) or delete them.` : 'Select a node to edit its properties.'}
      </div>
    );
  }
  const config = node.data.config;
  const schema = descriptor?.configSchema;
  const credentials = (config.credentials && typeof config.credentials === 'object' ? config.credentials : {}) as Record<string, unknown>;

  return (
    <form className="property-panel" aria-label="Node properties" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={readOnly} className="plain-fieldset">
        <div className="panel-title">
          <span className="swatch" style={{ background: descriptor?.color ?? '#8a94a6' }} />
          <div>
            <strong>{descriptor?.label ?? node.data.nodeType}</strong>
            <div className="muted small">{node.data.nodeType} · {node.id}</div>
          </div>
        </div>
        {!descriptor && <p className="error-text" role="alert">Unknown node type: no installed node provides “{node.data.nodeType}”.</p>}
        {problems.length > 0 && (
          <ul className="problem-list" aria-label="Node problems">
            {problems.map((p, i) => <li key={i} className={p.severity}>{p.message}</li>)}
          </ul>
        )}
        <label className="field">
          <span className="field-label">Name</span>
          <input type="text" aria-label="Name" value={node.data.name} onChange={(e) => onChange({ name: e.target.value })} />
        </label>
        {schema && Object.entries(schema.properties ?? {}).filter(([, property]) => isShown(property, config, schema.properties)).map(([key, property]) => (
          <SchemaField key={`${node.id}:${key}`} name={key} path={key} schema={property} value={config[key]}
            required={schema.required?.includes(key) ?? false} context={fieldContext} showKey={descriptor?.origin === 'node-red'}
            onChange={(value) => onChange({ config: withValue(config, key, value) })} />
        ))}
        {descriptor?.credentialsSchema && (
          <fieldset className="field-group">
            <legend>Credentials</legend>
            <small className="field-help">Write-only: stored encrypted by the runtime and never shown again.</small>
            {Object.entries(descriptor.credentialsSchema.properties ?? {}).map(([key, property]) => (
              <SchemaField key={`${node.id}:cred:${key}`} name={key} path={`credentials.${key}`} schema={property} secret
                value={credentials[key]} required={descriptor.credentialsSchema?.required?.includes(key) ?? false} context={fieldContext}
                onChange={(value) => onChange({ config: withValue(config, 'credentials', withValue(credentials, key, value)) })} />
            ))}
          </fieldset>
        )}
      </fieldset>
      {descriptor?.docs && (
        <section className="node-docs" aria-label="Node help">
          <h3>Help</h3>
          {descriptor.package && (
            <p className="muted small node-package">From package {descriptor.package.name}{descriptor.package.version ? ` ${descriptor.package.version}` : ''} (external node)</p>
          )}
          <Markdown source={descriptor.docs} />
        </section>
      )}
    </form>
  );
}

function withValue(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...object };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
