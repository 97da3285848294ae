// The respond node: answers the partner request carried on msg.res with a status and a JSON body.
import { compileExpression, defineNode, NodeError, type OutboundResponse } from '../sdk/index.js';

export interface RespondConfig {
  statusCode: number;
  bodyExpression: string;
}

function isPendingResponse(value: unknown): value is OutboundResponse {
  return typeof value === 'object' && value !== null && typeof (value as OutboundResponse).send === 'function' && typeof (value as OutboundResponse).header === 'function';
}

export const respondNode = defineNode<RespondConfig>({
  type: 'tl-respond',
  category: 'intake',
  label: 'respond',
  summary: 'Answers the partner request that started this message.',
  color: '#7fb7df',
  inputs: 1,
  sideEffects: 'external',
  outputs: [],
  configSchema: {
    type: 'object',
    properties: {
      statusCode: { type: 'integer', minimum: 100, maximum: 599, default: 200, title: 'Status code', description: 'HTTP status of the answer to the partner, e.g. 200, 202 or 422.' },
      bodyExpression: { type: 'string', 'x-widget': 'jsonata', default: 'payload', title: 'Body (JSONata)', description: 'Evaluated against the message; the result is sent as JSON.' },
    },
    additionalProperties: false,
  },
  docs: `Sends the HTTP response for a message that came in through **partner intake**. The body is the JSONata expression's result (default: \`payload\`), sent as JSON with the configured status and an \`X-Correlation-Id\` header.

Typical bodies: \`{"erpReference": payload.erpReference, "correlationId": correlationId}\` for success, \`{"error": "invalid document", "details": validationErrors, "correlationId": correlationId}\` for a 422.

A message without a pending request (for example a replayed dead letter) is completed without a response.`,
  origin: 'tradelane',
  create(_ctx, config) {
    const body = compileExpression(config.bodyExpression, 'bodyExpression');
    return {
      async onInput(msg) {
        const response = msg.res;
        if (!isPendingResponse(response) || response.sent) return null;
        let result: unknown;
        try {
          result = await body.evaluate(msg);
        } catch (error) {
          response.send(500, { error: 'response body could not be built', correlationId: msg.correlationId });
          throw error instanceof NodeError ? error : new NodeError('RESPOND_FAILED', String(error));
        }
        response.header('X-Correlation-Id', msg.correlationId);
        response.send(config.statusCode, result ?? null);
        return null;
      },
    };
  },
});
