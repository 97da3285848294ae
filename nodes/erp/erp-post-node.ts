// tl-erp-post: posts a document to the ERP (REST or SOAP) with an Idempotency-Key, classified failures and a circuit breaker.
import { compileExpression, defineNode, NodeError, type CompiledExpression, type TradelaneMessage } from '../sdk/index.js';
import type { ErpAdapter } from './adapter.js';
import { connectionDocs, connectionProperties, erpCredentialsSchema, type ErpConnectionConfig } from './connection-schema.js';
import { ErpConnection } from './erp-connection.js';
import { correlationHeader, partnerHeader } from './header-values.js';
import { idempotencyKeyFor } from './idempotency-key.js';
import { createRestAdapter } from './rest-adapter.js';
import { createSoapAdapter } from './soap-adapter.js';
import { DEMO_ERP_SOAP_NS } from './soap-envelope.js';
import { LEDGER_DOCUMENT_TYPES } from '../canonical/business-keys.js';
import { ErpLedger, type ErpPostOutcome } from './erp-ledger.js';

export interface ErpPostConfig extends ErpConnectionConfig {
  method: 'POST' | 'PUT' | 'PATCH';
  pathExpression: string;
  idempotencyKeyExpression: string;
  adapter: 'rest' | 'soap';
  soapOperation: string;
  soapNamespace: string;
  soapAction: string;
  referenceProperty: string;
  documentType: string;
}

export interface ErpResultInfo {
  status: number;
  reference: string | null;
  idempotencyKey: string;
  durationMs: number;
  replayed: boolean;
}

/** Evaluates the path expression against the message; the result must be a path starting with "/". */
export async function evaluatePath(expression: CompiledExpression, msg: TradelaneMessage): Promise<string> {
  const value = await expression.evaluate(msg);
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new NodeError('ERP_BAD_PATH', `pathExpression must produce a path starting with "/", got ${JSON.stringify(value) ?? 'nothing'}`, { retryable: false, details: { expression: expression.source } });
  }
  return value;
}

function referenceOf(body: unknown, property: string): string | null {
  if (body === null || typeof body !== 'object') return null;
  const value = (body as Record<string, unknown>)[property];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

export const erpPostNode = defineNode<ErpPostConfig>({
  type: 'tl-erp-post',
  category: 'erp',
  label: 'ERP post',
  summary: 'Posts a document to the ERP with an Idempotency-Key; retryable and permanent failures are told apart.',
  color: '#E2D96E',
  icon: 'font-awesome/fa-database',
  origin: 'tradelane',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'posted' }],
  configSchema: {
    type: 'object',
    properties: {
      ...connectionProperties,
      method: { enum: ['POST', 'PUT', 'PATCH'], title: 'Method', default: 'POST' },
      pathExpression: {
        type: 'string',
        title: 'Path (JSONata)',
        description: 'Evaluated against the message; appended to the base URL.',
        'x-widget': 'jsonata',
        minLength: 1,
        default: '"/purchase-orders/" & $encodeUrlComponent(payload.poNumber) & "/acknowledgements"',
      },
      idempotencyKeyExpression: {
        type: 'string',
        title: 'Idempotency key (JSONata)',
        description: 'Computed from the document. Empty: partner + document numbers, e.g. demo-supplier:po=PO-1001:ack=A-1. A partner\'s Idempotency-Key header (msg.idempotencyKey) is never used.',
        'x-widget': 'jsonata',
        default: '',
      },
      adapter: { enum: ['rest', 'soap'], title: 'Adapter', default: 'rest' },
      soapOperation: { type: 'string', title: 'SOAP operation', 'x-show-when': { adapter: ['soap'] }, default: 'AcknowledgePurchaseOrder', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
      soapNamespace: { type: 'string', title: 'SOAP namespace', 'x-show-when': { adapter: ['soap'] }, default: DEMO_ERP_SOAP_NS },
      soapAction: { type: 'string', title: 'SOAPAction', 'x-show-when': { adapter: ['soap'] }, description: 'Empty: the operation name.', default: '' },
      referenceProperty: { type: 'string', title: 'Reference property', description: 'Property of the ERP answer that holds its document reference.', default: 'erpReference' },
      documentType: {
        type: 'string', enum: ['', ...LEDGER_DOCUMENT_TYPES], default: '', title: 'Document type',
        description: 'What is posted, as the ledger names it (e.g. acknowledgement). Empty: msg.documentType (set by intake, validate or EDI parse), else erp-document.',
      },
    },
  },
  credentialsSchema: erpCredentialsSchema,
  docs: `Posts \`msg.payload\` to the ERP and puts the ERP's answer on \`msg.payload\`.

Every request carries \`Idempotency-Key\`, \`X-Correlation-Id: msg.correlationId\` and, when the message has a partner, \`X-Partner-Id: msg.partnerId\`,
so a retry or a dead-letter replay never posts twice and the ERP can check that the partner owns the document.

The key comes from the **document**: **idempotencyKeyExpression**, else partner + document numbers
(\`poNumber\`, \`ackNumber\`, \`asnNumber\`, \`invoiceNumber\`, …) such as \`demo-supplier:po=PO-1001:ack=A-1\`.
\`msg.idempotencyKey\` (a partner's \`Idempotency-Key\` header) is **ignored** here: it serves intake de-duplication only, and a partner
must not be able to have one document applied twice by sending it under two keys.

Header values are made safe before sending: visible ASCII stays as it is, anything else is percent-encoded from UTF-8
(\`A-😀\` → \`A-%F0%9F%98%80\`), and a key longer than 255 characters keeps a readable prefix plus \`~h=\` and a hash of the whole key.
A value that still cannot be sent (an \`msg.partnerId\` that is not a plain token) fails that message with the permanent
\`ERP_INVALID_HEADER\`, located at the header, without using a connection or counting against the circuit breaker.

### Output
- \`msg.payload\`: the ERP's answer (parsed JSON, or the SOAP response element as an object).
- \`msg.erp\`: \`{status, reference, idempotencyKey, durationMs, replayed}\`; \`replayed\` is true when the ERP answered from its idempotency store.

### Adapters
- **rest**: JSON body, JSON answer.
- **soap**: SOAP 1.1. The payload becomes the body element **soapOperation** in **soapNamespace** (arrays become repeated elements).
  A \`soap:Fault\` becomes \`ERP_SOAP_FAULT\` with \`faultcode\`, \`faultstring\`, \`detail\` and every located problem (\`path\`, \`message\`) found in the detail;
  Client faults are permanent, Server faults retryable.

### Ledger
Every post is recorded as a document of its own: channel \`erp\`, direction \`out\`, status \`posted\` or \`failed\` (with the error, its code and the ERP's located problems),
the HTTP status, the duration, the posted document (masked), its business keys, and the facts \`erpReference\`, \`idempotencyKey\`, \`method\`, \`path\` (without query string), \`adapter\` and \`replayed\`.
It belongs to \`msg.ledgerId\` (the document intake or EDI parse recorded), which becomes \`posted\` (with \`erpReference\`) or \`failed\`; a later successful retry or replay moves a failed one on to \`posted\`.
No header, token or credential is recorded.
${connectionDocs}`,

  create(ctx, config) {
    const pathExpression = compileExpression(config.pathExpression, 'pathExpression');
    const keyExpression = config.idempotencyKeyExpression.trim() ? compileExpression(config.idempotencyKeyExpression, 'idempotencyKeyExpression') : undefined;
    const adapter: ErpAdapter = config.adapter === 'soap'
      ? createSoapAdapter({ operation: config.soapOperation, namespace: config.soapNamespace, soapAction: config.soapAction || config.soapOperation })
      : createRestAdapter();
    const connection = new ErpConnection(ctx, config);
    const ledger = new ErpLedger(ctx, config.documentType, adapter.name);

    async function post(msg: TradelaneMessage, outcome: ErpPostOutcome): Promise<TradelaneMessage> {
      const path = await evaluatePath(pathExpression, msg);
      outcome.path = path;
      const idempotencyKey = await idempotencyKeyFor(msg, keyExpression, config.method, path);
      outcome.idempotencyKey = idempotencyKey;
      const started = performance.now();
      try {
        const request = adapter.buildRequest({
          method: config.method, path, payload: msg.payload, idempotencyKey, correlationId: correlationHeader(msg.correlationId), partnerId: partnerHeader(msg.partnerId),
        });
        const { response, value } = await connection.call(request, (answer, target) => adapter.interpret(answer, target));
        const info: ErpResultInfo = {
          status: response.status,
          reference: referenceOf(value, config.referenceProperty),
          idempotencyKey,
          durationMs: Math.round(response.durationMs),
          replayed: response.headers['idempotent-replayed'] === 'true',
        };
        Object.assign(outcome, { httpStatus: info.status, durationMs: info.durationMs, reference: info.reference, replayed: info.replayed });
        msg.payload = value;
        msg.erp = info;
        return msg;
      } catch (error) {
        // Catch nodes only get {message, source}; keep the facts a retry or dead letter needs on the message itself.
        const status = error instanceof NodeError ? (error.details as { status?: number } | undefined)?.status : undefined;
        msg.erp = { status: status ?? null, reference: null, idempotencyKey, durationMs: Math.round(performance.now() - started), replayed: false };
        Object.assign(outcome, { httpStatus: status ?? null, durationMs: (msg.erp as ErpResultInfo).durationMs });
        throw error;
      }
    }

    return {
      async onInput(msg) {
        const outcome: ErpPostOutcome = { method: config.method, posted: msg.payload, durationMs: 0 };
        try {
          const posted = await post(msg, outcome);
          ledger.record(msg, outcome);
          return posted;
        } catch (error) {
          ledger.record(msg, { ...outcome, error });
          throw error;
        }
      },
      async onClose() {
        await connection.close();
      },
    };
  },
});
