// tl-erp-query: fetches a record (e.g. the purchase order) from the ERP and puts it on the message for enrichment and tolerance checks.
import { compileExpression, defineNode, NodeError, type TradelaneMessage } from '../sdk/index.js';
import { connectionDocs, connectionProperties, erpCredentialsSchema, type ErpConnectionConfig } from './connection-schema.js';
import { correlationHeader } from './header-values.js';
import { ErpConnection } from './erp-connection.js';
import { evaluatePath } from './erp-post-node.js';
import { classifyHttpStatus } from './http-failures.js';

export interface ErpQueryConfig extends ErpConnectionConfig {
  pathExpression: string;
  targetProperty: string;
  notFound: 'error' | 'output';
}

const PROPERTY_PATH = '^(msg\\.)?[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*$';

/** Sets msg.a.b.c, creating the objects on the way. */
function setProperty(msg: TradelaneMessage, path: string, value: unknown): void {
  const segments = path.replace(/^msg\./, '').split('.');
  const last = segments.pop() as string;
  let target: Record<string, unknown> = msg;
  for (const segment of segments) {
    const next = target[segment];
    if (next === null || typeof next !== 'object') target[segment] = {};
    target = target[segment] as Record<string, unknown>;
  }
  target[last] = value;
}

export const erpQueryNode = defineNode<ErpQueryConfig>({
  type: 'tl-erp-query',
  category: 'erp',
  label: 'ERP query',
  summary: 'Fetches a purchase order (or any record) from the ERP onto the message.',
  color: '#E2D96E',
  icon: 'font-awesome/fa-search',
  origin: 'tradelane',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'found' }, { label: 'not found' }],
  configSchema: {
    type: 'object',
    properties: {
      ...connectionProperties,
      pathExpression: {
        type: 'string',
        title: 'Path (JSONata)',
        description: 'Evaluated against the message; appended to the base URL.',
        'x-widget': 'jsonata',
        minLength: 1,
        default: '"/purchase-orders/" & $encodeUrlComponent(payload.poNumber)',
      },
      targetProperty: { type: 'string', title: 'Put the record on', description: 'Message property, e.g. purchaseOrder or erp.po.', pattern: PROPERTY_PATH, default: 'purchaseOrder' },
      notFound: { enum: ['error', 'output'], title: 'When the ERP answers 404', description: 'error: fail with ERP_NOT_FOUND (permanent). output: send the message to the "not found" output.', default: 'error' },
    },
  },
  credentialsSchema: erpCredentialsSchema,
  docs: `Sends \`GET\` to the ERP and puts the answer on **targetProperty** (default \`msg.purchaseOrder\`), leaving \`msg.payload\` as it was,
so a tolerance check can compare an acknowledgement or ASN against the order.

Sends \`X-Correlation-Id: msg.correlationId\`.
A 404 either fails with the permanent \`ERP_NOT_FOUND\` or goes to output 2 ("not found"), as **notFound** says.
${connectionDocs}`,

  create(ctx, config) {
    const pathExpression = compileExpression(config.pathExpression, 'pathExpression');
    const connection = new ErpConnection(ctx, config);
    const NOT_FOUND = Symbol('not found');

    return {
      async onInput(msg) {
        const path = await evaluatePath(pathExpression, msg);
        const request = { method: 'GET', path, headers: { accept: 'application/json', 'x-correlation-id': correlationHeader(msg.correlationId) } };
        const { value } = await connection.call(request, (response, target) => {
          if (response.status === 404) {
            if (config.notFound === 'output') return NOT_FOUND;
            throw new NodeError('ERP_NOT_FOUND', `${target}: not found in the ERP`, { retryable: false, details: { status: 404, body: response.body } });
          }
          const failure = classifyHttpStatus(response, target);
          if (failure) throw failure;
          return response.body;
        });
        if (value === NOT_FOUND) return [null, msg];
        setProperty(msg, config.targetProperty, value);
        return [msg, null];
      },
      async onClose() {
        await connection.close();
      },
    };
  },
});
