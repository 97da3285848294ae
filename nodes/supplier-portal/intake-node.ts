// The partner intake node: a POST endpoint under /partners/:partnerId/ with partner authentication and body checks.
import { randomUUID } from 'node:crypto';
import { defineNode, NodeError, type InboundRequest, type OutboundResponse, type TradelaneMessage } from '../sdk/index.js';
import { parseJsonBody } from './request-body.js';

export interface IntakeConfig {
  partnerId: string;
  path: string;
  auth: 'api-key' | 'none';
  apiKeyHeader: string;
  bodyLimitBytes: number;
  responseTimeoutMs: number;
}

function header(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

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
      auth: { type: 'string', enum: ['api-key', 'none'], default: 'api-key', title: 'Authentication' },
      apiKeyHeader: { type: 'string', default: 'X-Api-Key', title: 'API key header' },
      bodyLimitBytes: { type: 'integer', minimum: 1, maximum: 50 * 1024 * 1024, default: 1024 * 1024, title: 'Body limit (bytes)' },
      responseTimeoutMs: { type: 'integer', minimum: 100, default: 30_000, title: 'Response timeout (ms)', description: 'Answer 504 when no node has responded by then.' },
    },
    required: ['partnerId', 'path'],
    additionalProperties: false,
  },
  docs: `Creates the endpoint \`POST /partners/{partnerId}/{path}\` for one trading partner.

**Authentication.** With *api-key*, the request must carry the partner's key in the configured header (default \`X-Api-Key\`). Keys are stored hashed; a wrong or missing key gets **401** and the message never enters the flow.

**Body.** JSON. Malformed JSON gets **400** with the line and column; a body over the limit gets **413**.

**Message.** \`msg.payload\` is the parsed body, \`msg.partnerId\` the partner, \`msg.correlationId\` comes from \`X-Correlation-Id\` or is generated, \`msg.idempotencyKey\` from an \`Idempotency-Key\` header if sent. \`msg.res\` holds the pending response: end the flow with a **respond** node. If nothing answers within the response timeout, the caller gets **504** with the correlation ID.`,
  origin: 'tradelane',
  create(ctx, config) {
    const { partners, http } = ctx.services;
    const path = `/partners/${config.partnerId}/${config.path}`;
    const pending = new Set<NodeJS.Timeout>();

    const unregister = http.register('POST', path, async (request, response) => {
      const correlationId = header(request, 'x-correlation-id')?.slice(0, 128) || randomUUID();
      if (config.auth === 'api-key') {
        const key = header(request, config.apiKeyHeader);
        if (!key || !(await partners.verifyApiKey(config.partnerId, key))) {
          sendError(response, 401, 'unauthorized', [{ path: `header.${config.apiKeyHeader}`, message: key ? 'API key is not valid for this partner' : 'API key header is missing' }], correlationId);
          return;
        }
      }
      let payload: unknown;
      try {
        payload = parseJsonBody(request.body.toString('utf8'));
      } catch (error) {
        const parseError = error as NodeError;
        sendError(response, 400, parseError.message, parseError.details as unknown[], correlationId);
        return;
      }
      response.header('X-Correlation-Id', correlationId);
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!response.sent) sendError(response, 504, 'the flow did not answer in time', [{ path: '$', message: `no response within ${config.responseTimeoutMs} ms` }], correlationId);
      }, config.responseTimeoutMs);
      pending.add(timer);
      const idempotencyKey = header(request, 'idempotency-key');
      const msg: TradelaneMessage = {
        correlationId,
        payload,
        partnerId: config.partnerId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        res: response,
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
