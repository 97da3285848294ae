// The partner intake node: a POST endpoint under /partners/:partnerId/ with partner authentication and body checks.
import { randomUUID } from 'node:crypto';
import { defineNode, NodeError, type OutboundResponse, type PartnerAuthMethod, type TradelaneMessage } from '../sdk/index.js';
import { authenticate, headerValue } from './partner-auth.js';
import { BODY_FORMATS, formatOf, parseBody, type BodyFormat } from './request-body.js';
import { DEFAULT_SIGNATURE_HEADER, DEFAULT_TIMESTAMP_HEADER } from './signature.js';

export interface IntakeConfig {
  partnerId: string;
  path: string;
  auth: PartnerAuthMethod | 'partner' | 'none';
  apiKeyHeader: string;
  timestampHeader: string;
  signatureHeader: string;
  replayWindowSeconds: number;
  contentTypes: BodyFormat[];
  csvDelimiter: string;
  bodyLimitBytes: number;
  responseTimeoutMs: number;
}

const CONTENT_TYPE_NAMES: Record<BodyFormat, string> = {
  json: 'application/json',
  xml: 'application/xml or text/xml',
  csv: 'text/csv',
  x12: 'application/edi-x12 (or text/plain starting with ISA)',
  edifact: 'application/edifact (or text/plain starting with UNA/UNB)',
};

function sendError(response: OutboundResponse, status: number, error: string, details: unknown[], correlationId: string): void {
  response.header('X-Correlation-Id', correlationId);
  response.send(status, { error, details, correlationId });
}

export const intakeNode = defineNode<IntakeConfig>({
  type: 'tl-intake',
  category: 'intake',
  label: 'partner intake',
  summary: 'Receives documents from a partner over HTTP, authenticated per partner.',
  color: '#7fb7df',
  inputs: 0,
  outputs: [{ label: 'document' }],
  configSchema: {
    type: 'object',
    properties: {
      partnerId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', title: 'Partner id', description: 'The endpoint is /partners/{partnerId}/{path}.' },
      path: { type: 'string', pattern: '^[a-z0-9][a-z0-9/_-]*$', title: 'Path', description: 'For example "po-acks" or "asns".' },
      auth: {
        type: 'string', enum: ['api-key', 'hmac', 'partner', 'none'], default: 'api-key', title: 'Authentication',
        description: 'api-key: key in a header; hmac: signed timestamp + body; partner: whichever the partner is set up for; none: open (tests only).',
      },
      apiKeyHeader: { type: 'string', default: 'X-Api-Key', title: 'API key header' },
      timestampHeader: { type: 'string', default: DEFAULT_TIMESTAMP_HEADER, title: 'HMAC timestamp header', description: 'Unix time in seconds.' },
      signatureHeader: { type: 'string', default: DEFAULT_SIGNATURE_HEADER, title: 'HMAC signature header', description: '"sha256=" + hex HMAC-SHA256 of timestamp + "." + body.' },
      replayWindowSeconds: { type: 'integer', minimum: 1, maximum: 86_400, default: 300, title: 'Replay window (s)', description: 'Signed requests whose timestamp is further from the server time are refused.' },
      contentTypes: {
        type: 'array', items: { enum: [...BODY_FORMATS] }, minItems: 1, uniqueItems: true, default: ['json'], title: 'Accepted content types',
        description: 'json, xml, csv (header row; rows become objects), x12 and edifact (raw text for the EDI parse node).',
      },
      csvDelimiter: { type: 'string', minLength: 1, maxLength: 1, default: ',', title: 'CSV delimiter' },
      bodyLimitBytes: { type: 'integer', minimum: 1, maximum: 50 * 1024 * 1024, default: 1024 * 1024, title: 'Body limit (bytes)' },
      responseTimeoutMs: { type: 'integer', minimum: 100, default: 30_000, title: 'Response timeout (ms)', description: 'Answer 504 when no node has responded by then.' },
    },
    required: ['partnerId', 'path'],
    additionalProperties: false,
  },
  docs: `Creates the endpoint \`POST /partners/{partnerId}/{path}\` for one trading partner.

### Authentication
A request that fails authentication gets **401** with the offending header in \`details[0].path\`; it never enters the flow.
- **api-key**: the partner's key in the configured header (default \`X-Api-Key\`). Keys are stored hashed.
- **hmac**: the partner signs each request. \`X-Tradelane-Timestamp\` carries Unix time in seconds,
  \`X-Tradelane-Signature\` carries \`sha256=\` + hex HMAC-SHA256 over \`timestamp + "." + raw body\` with the partner's HMAC secret.
  Signatures are compared in constant time. A timestamp further than **replayWindowSeconds** (default 300) from the server clock is refused, so a captured request cannot be replayed later.
- **partner**: uses whichever method the partner is set up with (\`/api/partners\`).
- **none**: no check; only for tests and internal endpoints.

A suspended partner is refused.

### Body
The \`Content-Type\` picks the parser; types not in **contentTypes** get **415**.
| Content type | msg.contentType | msg.payload |
|---|---|---|
| \`application/json\` (or none) | \`json\` | the parsed document; malformed JSON gets **400** with line and column |
| \`application/xml\`, \`text/xml\` | \`xml\` | the element tree (attributes as \`@_name\`, values as strings); malformed XML gets **400** with line and column |
| \`text/csv\` | \`csv\` | an array of objects, one per row, keyed by the header row; a broken row gets **400** with its line |
| \`application/edi-x12\` | \`x12\` | the raw interchange text, for the **EDI parse** node |
| \`application/edifact\` | \`edifact\` | the raw interchange text |

A body over **bodyLimitBytes** gets **413**.

### Message
\`msg.partnerId\` is the partner, \`msg.correlationId\` comes from \`X-Correlation-Id\` or is generated, \`msg.idempotencyKey\` from an \`Idempotency-Key\` header if sent.
\`msg.res\` holds the pending response: end the flow with a **respond** node. If nothing answers within the response timeout, the caller gets **504** with the correlation ID.

Every error answer has the shape \`{error, details: [{path, message, ...location}], correlationId}\`.`,
  origin: 'tradelane',
  create(ctx, config) {
    const { partners, http, clock } = ctx.services;
    const path = `/partners/${config.partnerId}/${config.path}`;
    const accepted = new Set(config.contentTypes);
    const pending = new Set<NodeJS.Timeout>();

    const unregister = http.register('POST', path, async (request, response) => {
      const correlationId = headerValue(request, 'x-correlation-id')?.slice(0, 128) || randomUUID();
      const denied = await authenticate(partners, clock, config.partnerId, request, config);
      if (denied) {
        sendError(response, 401, 'unauthorized', [denied], correlationId);
        return;
      }
      const contentType = headerValue(request, 'content-type');
      const format = formatOf(contentType, request.body);
      if (!format || !accepted.has(format)) {
        const expected = [...accepted].map((name) => CONTENT_TYPE_NAMES[name]).join('; ');
        sendError(response, 415, `content type "${contentType ?? ''}" is not accepted here`, [{ path: 'header.Content-Type', message: `expected ${expected}` }], correlationId);
        return;
      }
      let parsed: ReturnType<typeof parseBody>;
      try {
        parsed = parseBody(format, request.body, { csvDelimiter: config.csvDelimiter });
      } catch (error) {
        if (!(error instanceof NodeError)) throw error;
        sendError(response, 400, error.message, error.details as unknown[], correlationId);
        return;
      }
      response.header('X-Correlation-Id', correlationId);
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!response.sent) sendError(response, 504, 'the flow did not answer in time', [{ path: '$', message: `no response within ${config.responseTimeoutMs} ms` }], correlationId);
      }, config.responseTimeoutMs);
      pending.add(timer);
      // Clear the timer as soon as the flow answers: it would otherwise keep the request and response alive for the whole timeout.
      const answer: OutboundResponse = {
        get sent() { return response.sent; },
        header: (name, value) => response.header(name, value),
        send: (status, body, type) => {
          clearTimeout(timer);
          pending.delete(timer);
          response.send(status, body, type);
        },
      };
      const idempotencyKey = headerValue(request, 'idempotency-key');
      const msg: TradelaneMessage = {
        correlationId,
        payload: parsed.payload,
        contentType: parsed.format,
        partnerId: config.partnerId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        res: answer,
      };
      ctx.send(msg);
    }, { bodyLimitBytes: config.bodyLimitBytes });

    ctx.status({ fill: 'green', shape: 'dot', text: path });
    return {
      onClose() {
        unregister();
        for (const timer of pending) clearTimeout(timer);
      },
    };
  },
});
