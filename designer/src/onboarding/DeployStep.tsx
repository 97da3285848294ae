// Wizard step 5: a summary, then deploy (instantiate); afterwards the credentials are shown once and the new flow is linked.
import type { InstancePreview, InstantiateResult, TemplateDetail } from '../api/template-types';
import { routeHref } from '../util/useHashRoute';
import { CopyableSecret } from './CopyableSecret';
import { partnerEndpoints } from './endpoints';

interface DeployStepProps {
  template: TemplateDetail;
  preview: InstancePreview;
  dryRunOk: boolean | null;
  deploying: boolean;
  error: string | null;
  result: InstantiateResult | null;
  onDeploy(): void;
}

const CREDENTIAL_LABELS: Record<string, string> = { apiKey: 'API key', hmacSecret: 'HMAC secret', webhookSecret: 'Webhook signing secret' };

export function DeployStep({ template, preview, dryRunOk, deploying, error, result, onDeploy }: DeployStepProps) {
  const endpoints = partnerEndpoints(preview.flow, preview.partner.id);
  if (result) {
    const titles = template.parameters.properties ?? {};
    const secrets = [
      ...Object.entries(result.credentials).filter(([, value]) => typeof value === 'string' && value).map(([key, value]) => ({ label: CREDENTIAL_LABELS[key] ?? key, value: value! })),
      ...Object.entries(result.generatedSecrets).map(([key, value]) => ({ label: titles[key]?.title ?? key, value })),
    ];
    return (
      <section className="deploy-result" aria-label="Onboarding result">
        <p className="notice success" role="status">
          Partner <strong>{result.partner.name}</strong> is onboarded: flow <span className="mono">{result.flow.id}</span> is deployed as version {result.flow.version} ({result.flow.template}).
        </p>
        {secrets.length > 0 && (
          <div className="secret-warning" role="alert" aria-label="Credentials warning">
            <strong>Copy these credentials now.</strong> They are shown this once: Tradelane stores them encrypted and cannot show them again
            (an admin can only issue new ones). Send them to the partner over a secure channel.
          </div>
        )}
        {secrets.map((secret) => <CopyableSecret key={secret.label} label={secret.label} value={secret.value} />)}
        {endpoints.length > 0 && <EndpointList endpoints={endpoints} />}
        <div className="modal-actions">
          <a className="button primary" href={routeHref({ view: 'flow', flowId: result.flow.id })}>Open flow {result.flow.id}</a>
          <a className="button" href={routeHref({ view: 'onboard' })}>Onboard another partner</a>
        </div>
      </section>
    );
  }
  return (
    <section aria-label="Deploy summary">
      <dl className="summary-list">
        <dt>Partner</dt><dd>{preview.partner.name} (<span className="mono">{preview.partner.id}</span>)</dd>
        <dt>Template</dt><dd>{preview.template}</dd>
        <dt>Flow</dt><dd className="mono">{preview.flowId} · {preview.flow.filter((n) => n.type !== 'tab').length} nodes</dd>
        {preview.partner.authMethod && <><dt>Authentication</dt><dd>{preview.partner.authMethod === 'hmac' ? 'HMAC signature (secret generated)' : 'API key (generated)'}</dd></>}
        {preview.xrefTables.length > 0 && <><dt>Cross-reference tables</dt><dd>{preview.xrefTables.map((t) => `${t.name} (${t.rowCount} rows)`).join(', ')}</dd></>}
        <dt>Test document</dt><dd>{dryRunOk === null ? 'not tried (you can still deploy)' : dryRunOk ? 'dry run passed' : 'dry run failed'}</dd>
      </dl>
      {endpoints.length > 0 && <EndpointList endpoints={endpoints} />}
      <p className="muted small">Deploying creates the partner record with its credentials, the cross-reference tables and the flow (version 1). If any step fails, nothing is kept.</p>
      {error && <p className="error-text" role="alert" aria-label="Deploy error">{error}</p>}
      <button type="button" className="primary" onClick={onDeploy} disabled={deploying}>{deploying ? 'Deploying…' : 'Deploy partner flow'}</button>
    </section>
  );
}

function EndpointList({ endpoints }: { endpoints: { label: string; url: string }[] }) {
  return (
    <div>
      <h3>Endpoints</h3>
      <ul className="endpoint-list" aria-label="Partner endpoints">
        {endpoints.map((endpoint) => <li key={endpoint.url}><span className="muted">{endpoint.label}:</span> <code>{endpoint.url}</code></li>)}
      </ul>
    </div>
  );
}
