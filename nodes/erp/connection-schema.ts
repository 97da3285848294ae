// Config and credential schema shared by the ERP nodes: where the ERP is, how to authenticate, timeout and circuit breaker.
import type { JSONSchema } from '../sdk/index.js';

export type ErpAuthMode = 'none' | 'bearer' | 'basic' | 'api-key';

export interface ErpConnectionConfig {
  baseUrl: string;
  auth: ErpAuthMode;
  apiKeyHeader: string;
  timeoutMs: number;
  connections: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
}

export const connectionProperties: Record<string, JSONSchema> = {
  baseUrl: {
    type: 'string',
    title: 'ERP base URL',
    description: 'Origin plus optional base path, e.g. http://erp.example.com/api. A value like ${ERP_URL} is taken from the runtime settings or the environment.',
    default: '${DEMO_ERP_URL}',
  },
  auth: { enum: ['none', 'bearer', 'basic', 'api-key'], title: 'Authentication', default: 'none' },
  apiKeyHeader: { type: 'string', title: 'API key header', 'x-show-when': { auth: ['api-key'] }, description: 'Header that carries the API key when authentication is api-key.', default: 'X-Api-Key', pattern: '^[A-Za-z0-9-]+$' },
  timeoutMs: { type: 'integer', title: 'Timeout (ms)', description: 'Whole request, from sending to the last body byte.', minimum: 100, maximum: 300_000, default: 10_000 },
  connections: { type: 'integer', title: 'Keep-alive connections', description: 'Most connections kept open to the ERP at once.', minimum: 1, maximum: 256, default: 16 },
  breakerThreshold: { type: 'integer', title: 'Breaker: failures to open', description: 'Consecutive network errors, timeouts or 5xx answers that open the circuit.', minimum: 1, maximum: 1000, default: 5 },
  breakerCooldownMs: { type: 'integer', title: 'Breaker: cool-down (ms)', description: 'How long the circuit stays open before one probe request is let through.', minimum: 0, maximum: 3_600_000, default: 30_000 },
};

export const erpCredentialsSchema: JSONSchema = {
  type: 'object',
  properties: {
    token: { type: 'string', title: 'Bearer token', 'x-secret': true, 'x-widget': 'password' },
    username: { type: 'string', title: 'Username (basic auth)' },
    password: { type: 'string', title: 'Password (basic auth)', 'x-secret': true, 'x-widget': 'password' },
    apiKey: { type: 'string', title: 'API key', 'x-secret': true, 'x-widget': 'password' },
  },
};

export const connectionDocs = `
### Connection
- **baseUrl**: the ERP's origin and base path. \`\${NAME}\` is replaced from the runtime settings or the environment (Node-RED substitutes environment variables too).
- **auth**: \`none\`, \`bearer\` (credential *token*), \`basic\` (*username*, *password*) or \`api-key\` (*apiKey* sent in *apiKeyHeader*). Credentials are stored encrypted.
- **timeoutMs**: the whole request, enforced by a timer that does not depend on the HTTP client; a timeout fails with the retryable \`ERP_TIMEOUT\`.
- Connections are kept alive in one undici pool per node. A pool that wedges (a deadline fired, or a request was refused as an invalid argument) is replaced; the old one drains in the background.

### Failures
| Answer | Error code | Retryable |
|---|---|---|
| network error | \`ERP_UNAVAILABLE\` | yes |
| timeout | \`ERP_TIMEOUT\` | yes |
| 5xx | \`ERP_UNAVAILABLE\` | yes |
| 429 | \`ERP_RATE_LIMITED\` | yes (details carry \`retryAfterMs\`) |
| 403 | \`ERP_FORBIDDEN\` (e.g. the partner does not own the document; the message names the located problem) | no |
| other 4xx | \`ERP_REJECTED\` (details: status, body; the message names the located problems) | no |
| header cannot be sent | \`ERP_INVALID_HEADER\` (details: \`problems[{path: "header.X", message}]\`) | no |
| request refused by the HTTP client | \`ERP_INVALID_REQUEST\` | no |
| circuit open | \`ERP_CIRCUIT_OPEN\` | yes |

### Circuit breaker
After **breakerThreshold** consecutive network errors, timeouts or 5xx answers the circuit opens and requests fail fast with \`ERP_CIRCUIT_OPEN\`.
After **breakerCooldownMs** one probe request goes through: success closes the circuit, failure opens it again.
A probe that never reports is released after 2 × **timeoutMs**, so a lost call cannot keep the circuit shut.
Only transport failures, timeouts and 5xx count against the circuit. A permanent failure of one message (4xx other than 408/429, a SOAP Client fault)
counts as a healthy ERP; a request that was never sent (\`ERP_INVALID_HEADER\`) does not count at all. So poison messages cannot open the circuit for everyone.
`;
