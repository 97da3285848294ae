// Wizard step 3: the flow that would be created, read-only on the canvas, next to the partner record and tables.
import type { InstancePreview } from '../api/template-types';
import type { NodeCatalogEntry } from '../api/types';
import type { OverlayStore } from '../canvas/overlay-store';
import { partnerEndpoints } from './endpoints';
import { ReadOnlyFlow } from './ReadOnlyFlow';

interface PreviewStepProps {
  preview: InstancePreview;
  catalog: ReadonlyMap<string, NodeCatalogEntry>;
  overlays: OverlayStore;
}

export function PreviewStep({ preview, catalog, overlays }: PreviewStepProps) {
  const { partner } = preview;
  const endpoints = partnerEndpoints(preview.flow, partner.id);
  const nodeCount = preview.flow.filter((node) => node.type !== 'tab').length;
  return (
    <div className="preview-step">
      <div className="preview-canvas" aria-label="Generated flow preview" role="region">
        <ReadOnlyFlow flow={preview.flow} catalog={catalog} overlays={overlays} />
      </div>
      <aside className="preview-facts" aria-label="What will be created">
        <h3>Flow</h3>
        <p><span className="mono">{preview.flowId}</span> · {nodeCount} nodes · {preview.template}</p>
        <h3>Partner</h3>
        <dl className="summary-list">
          <dt>Id</dt><dd className="mono">{partner.id}</dd>
          <dt>Name</dt><dd>{partner.name}</dd>
          {partner.authMethod && <><dt>Authentication</dt><dd>{partner.authMethod}</dd></>}
          {Object.entries(partner.identifiers ?? {}).map(([key, value]) => <Fact key={key} label={key} value={value} />)}
          {partner.webhookUrl && <Fact label="Webhook URL" value={partner.webhookUrl} />}
        </dl>
        {partner.tolerance && <><h3>Tolerance</h3><dl className="summary-list">{Object.entries(partner.tolerance).map(([k, v]) => <Fact key={k} label={k} value={String(v)} />)}</dl></>}
        {partner.sla && <><h3>SLA targets</h3><dl className="summary-list">{Object.entries(partner.sla).map(([k, v]) => <Fact key={k} label={k} value={String(v)} />)}</dl></>}
        {preview.xrefTables.length > 0 && (
          <>
            <h3>Cross-reference tables</h3>
            <ul>{preview.xrefTables.map((t) => <li key={t.name}><span className="mono">{t.name}</span>: {t.rowCount} rows ({t.columns.join(', ')})</li>)}</ul>
          </>
        )}
        {endpoints.length > 0 && (
          <>
            <h3>Endpoints</h3>
            <ul className="endpoint-list">{endpoints.map((e) => <li key={e.url}><span className="muted">{e.label}:</span> <code>{e.url}</code></li>)}</ul>
          </>
        )}
      </aside>
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return <><dt>{label}</dt><dd className="mono">{value}</dd></>;
}
