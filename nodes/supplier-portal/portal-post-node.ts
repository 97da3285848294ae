// tl-portal-post: sends a document (a purchase order) to a partner's REST API, authenticated by API key, bearer token or OAuth2 client credentials.
import { Agent } from 'undici';
import { defineNode, deliveryId, NodeError, type LedgerError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { businessKeysOf } from '../canonical/business-keys.js';
import { ledgerIdOf } from '../canonical/ledger-facts.js';
import { ClientCredentialsToken } from './oauth2-token.js';
import { classifyWebhookStatus, sendWebhook, type WebhookResponse } from './webhook-http.js';
import { recordableUrl } from './webhook-ledger.js';

export interface PortalPostConfig {
  partnerId: string;
  url: string;
  method: 'POST' | 'PUT';
  auth: 'oauth2' | 'api-key' | 'bearer' | 'none';
  apiKeyHeader: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  clientAuth: 'basic' | 'body';
  documentType: string;
  timeoutMs: number;
}

export const portalPostNode = defineNode<PortalPostConfig>({
  type: 'tl-portal-post',
  category: 'intake',
  label: 'portal post',
  summary: 'Sends a document, such as a purchase order, to a partner\'s REST API, authenticated by API key, bearer token or OAuth2 client credentials.',
  color: '#7fb7df',
  icon: 'font-awesome/fa-cloud-upload',
  origin: 'tradelane',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'accepted' }],
  configSchema: {
    type: 'object',
    properties: {
      partnerId: { type: 'string', default: '', maxLength: 128, title: 'Partner', description: 'The partner whose portal this is: the ledger records the document under it. Empty: msg.partnerId.' },
      url: { type: 'string', pattern: '^https?://', maxLength: 2048, title: 'URL', description: 'The partner API endpoint, e.g. https://portal.supplier.example/api/v2/purchase-orders.' },
      method: { enum: ['POST', 'PUT'], default: 'POST', title: 'Method', description: 'POST to create, PUT to replace (as the partner API asks).' },
      auth: { enum: ['oauth2', 'api-key', 'bearer', 'none'], default: 'oauth2', title: 'Authentication', description: 'oauth2: client credentials from the token URL; api-key: the key in a header; bearer: a fixed token; none: tests only.' },
      apiKeyHeader: { type: 'string', default: 'X-Api-Key', maxLength: 100, 'x-show-when': { auth: ['api-key'] }, title: 'API key header', description: 'The header that carries the key (api-key).' },
      tokenUrl: { type: 'string', default: '', maxLength: 2048, 'x-show-when': { auth: ['oauth2'] }, title: 'Token URL', description: 'The partner\'s OAuth2 token endpoint (oauth2).' },
      clientId: { type: 'string', default: '', maxLength: 256, 'x-show-when': { auth: ['oauth2'] }, title: 'Client id', description: 'Our client id at the partner (oauth2); the secret is a credential.' },
      scope: { type: 'string', default: '', maxLength: 500, 'x-show-when': { auth: ['oauth2'] }, title: 'Scope', description: 'Space-separated scopes to ask for (oauth2), if the partner wants any.' },
      clientAuth: { enum: ['basic', 'body'], default: 'basic', 'x-show-when': { auth: ['oauth2'] }, title: 'Client authentication', description: 'basic: id and secret in an Authorization header (the standard); body: as form fields, for servers that want it.' },
      documentType: { type: 'string', default: 'purchaseOrder', maxLength: 64, title: 'Document type', description: 'What is sent, as the ledger names it.' },
      timeoutMs: { type: 'integer', minimum: 100, maximum: 120_000, default: 10_000, title: 'Timeout (ms)', description: 'For the token request and the call itself.' },
    },
    required: ['url'],
    additionalProperties: false,
  },
  credentialsSchema: {
    type: 'object',
    properties: {
      clientSecret: { type: 'string', title: 'Client secret', description: 'OAuth2 client secret; stored sealed, never shown again.', 'x-secret': true, 'x-widget': 'password' },
      apiKey: { type: 'string', title: 'API key', description: 'For api-key; stored sealed, never shown again.', 'x-secret': true, 'x-widget': 'password' },
      token: { type: 'string', title: 'Bearer token', description: 'For bearer; stored sealed, never shown again.', 'x-secret': true, 'x-widget': 'password' },
    },
  },
  docs: `Sends \`msg.payload\` as JSON to a partner's REST API: a purchase order to a supplier portal, an order to a
customer system. Put a \`tl-transform\` before it for the partner's layout, and a \`tl-queue\` before that, so every
delivery is retried and tracked.

### Authentication
- **oauth2** (default): OAuth 2.0 client credentials. The node asks **tokenUrl** for a token with **clientId** and the
  credential **clientSecret** (HTTP Basic, or form fields with **clientAuth** \`body\`) and **scope**, keeps it until 30 s
  before it expires, and shares it between concurrent sends. When the API answers **401**, the token is dropped and the
  send is tried once more with a new one.
- **api-key**: the credential **apiKey** in **apiKeyHeader**. **bearer**: the credential **token** as a bearer token.
- Secrets are sealed credentials and never returned or recorded.

### Request
\`Content-Type: application/json\`, \`X-Correlation-Id\`, and \`Idempotency-Key\`: derived from the node, the correlation
id and the payload, so a retry or a dead-letter replay carries the same key and the partner can drop the copy.

### Outputs
- **accepted**: the message after a 2xx, with \`msg.portal\` \`{status, url, idempotencyKey, body}\` (the partner's answer, parsed when JSON).

### Failures
| Problem | Error code | Retryable |
|---|---|---|
| network failure, timeout, 5xx, 408 | \`PORTAL_UNAVAILABLE\` / \`PORTAL_TIMEOUT\` | yes |
| 429 (with its Retry-After) | \`PORTAL_RATE_LIMITED\` | yes |
| the token endpoint refused our client | \`PORTAL_AUTH_FAILED\` | no |
| another 4xx, or a second 401 | \`PORTAL_REJECTED\` | no |

### Ledger
Each send is a document (channel \`portal\`, direction out, **documentType**) under the document the message came from,
with its business keys, the URL (without query), the HTTP status and the time taken: \`sent\`, or \`failed\` with the error.`,
  create(ctx, config) {
    const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8, headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs, connect: { timeout: config.timeoutMs } });
    const url = urlAt('url', config.url);
    const token = config.auth === 'oauth2' ? oauth2For(ctx, config, agent) : undefined;
    return {
      onInput: (msg) => send(ctx, config, agent, url, token, msg),
      onClose: () => agent.close(),
    };
  },
});

function invalid(path: string, message: string): NodeError {
  return new NodeError('INVALID_CONFIG', `${path} ${message}`, { details: [{ path, message }] });
}

function urlAt(path: string, raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw invalid(path, 'is not a URL');
  }
}

function oauth2For(ctx: NodeContext, config: PortalPostConfig, agent: Agent): ClientCredentialsToken {
  if (!config.tokenUrl) throw invalid('tokenUrl', 'is required for oauth2');
  if (!config.clientId) throw invalid('clientId', 'is required for oauth2');
  const clientSecret = ctx.credentials.clientSecret;
  if (!clientSecret) throw invalid('credentials.clientSecret', 'is required for oauth2');
  return new ClientCredentialsToken(agent, ctx.services.clock, {
    tokenUrl: urlAt('tokenUrl', config.tokenUrl), clientId: config.clientId, clientSecret, scope: config.scope, clientAuth: config.clientAuth, timeoutMs: config.timeoutMs,
  });
}

async function authHeaders(ctx: NodeContext, config: PortalPostConfig, token: ClientCredentialsToken | undefined): Promise<Record<string, string>> {
  if (token) return { Authorization: `Bearer ${await token.get()}` };
  if (config.auth === 'api-key') return { [config.apiKeyHeader]: secretOf(ctx, 'apiKey') };
  if (config.auth === 'bearer') return { Authorization: `Bearer ${secretOf(ctx, 'token')}` };
  return {};
}

function secretOf(ctx: NodeContext, name: string): string {
  const value = ctx.credentials[name];
  if (!value) throw new NodeError('INVALID_CONFIG', `the credential ${name} is not set`, { retryable: false, details: [{ path: `credentials.${name}`, message: 'is required' }] });
  return value;
}

function answerBody(response: WebhookResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return response.text;
  }
}

async function send(ctx: NodeContext, config: PortalPostConfig, agent: Agent, url: URL, token: ClientCredentialsToken | undefined, msg: TradelaneMessage): Promise<TradelaneMessage> {
  const body = JSON.stringify(msg.payload ?? null);
  const idempotencyKey = deliveryId(ctx, msg.correlationId, body);
  const started = ctx.services.clock.now();
  const call = async () => sendWebhook(agent, url, {
    'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey, 'X-Correlation-Id': msg.correlationId, ...(await authHeaders(ctx, config, token)),
  }, body, config.timeoutMs, { prefix: 'PORTAL', method: config.method });
  let response: WebhookResponse | undefined;
  try {
    response = await call();
    if (response.status === 401 && token) {
      // Revoked or expired before its time: one more try with a new token; a second 401 is the partner's final word.
      token.forget();
      response = await call();
    }
    const failure = classifyWebhookStatus(response, `${config.method} ${recordableUrl(url)}`, 'PORTAL');
    if (failure) throw failure;
  } catch (error) {
    const failure = error instanceof NodeError ? error : new NodeError('PORTAL_UNAVAILABLE', String(error), { retryable: true });
    record(ctx, config, msg, url, response?.status, ctx.services.clock.now() - started, [{ path: 'portal', message: failure.message, code: failure.code }]);
    throw failure;
  }
  record(ctx, config, msg, url, response.status, ctx.services.clock.now() - started);
  return { ...msg, portal: { status: response.status, url: recordableUrl(url), idempotencyKey, body: answerBody(response) } };
}

function record(ctx: NodeContext, config: PortalPostConfig, msg: TradelaneMessage, url: URL, status: number | undefined, durationMs: number, errors?: LedgerError[]): void {
  const parentId = ledgerIdOf(msg);
  const partnerId = config.partnerId || (typeof msg.partnerId === 'string' ? msg.partnerId : '');
  ctx.services.ledger.record({
    direction: 'out', channel: 'portal', documentType: config.documentType || 'document', status: errors ? 'failed' : 'sent',
    correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId, keys: businessKeysOf(config.documentType, msg.payload), raw: msg.payload,
    durationMs, facts: { url: recordableUrl(url), method: config.method, auth: config.auth },
    ...(status !== undefined ? { httpStatus: status } : {}), ...(partnerId ? { partnerId } : {}), ...(parentId ? { parentId } : {}), ...(errors ? { errors } : {}),
  });
}
