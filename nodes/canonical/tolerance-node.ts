// tl-tolerance: routes an acknowledgement or ship notice by whether it stays within the partner's tolerance of the PO.
import { defineNode, LEDGER_ID_PROPERTY, NodeError, type TolerancePolicy } from '../sdk/index.js';
import { compareAcknowledgement, compareShipNotice, type ToleranceException } from './tolerance-rules.js';
import { acknowledgementProblems, shipNoticeProblems } from './tolerance-fields.js';
import { toleranceExceptionInput, toleranceKeys, type ToleranceExceptionContext } from './tolerance-exception.js';
import { getPath, parsePath } from './message-path.js';
import type { AdvanceShipNotice, PurchaseOrder, PurchaseOrderAcknowledgement } from './types.js';

export interface ToleranceConfig {
  property: string;
  purchaseOrderProperty: string;
  document: 'auto' | 'acknowledgement' | 'ship-notice';
  quantityPct: number;
  pricePct: number;
  dateDays: number;
  openException: boolean;
}

type DocumentKind = 'acknowledgement' | 'ship-notice';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(document: Record<string, unknown>, configured: ToleranceConfig['document']): DocumentKind {
  if (configured !== 'auto') return configured;
  if (Array.isArray(document.orders)) return 'ship-notice';
  if (Array.isArray(document.lines)) return 'acknowledgement';
  throw new NodeError('TOLERANCE_UNKNOWN_DOCUMENT', 'the document is neither an acknowledgement (lines) nor a ship notice (orders)');
}

export const toleranceNode = defineNode<ToleranceConfig>({
  type: 'tl-tolerance',
  category: 'canonical',
  label: 'tolerance',
  summary: 'Compares an acknowledgement or ASN with the PO (quantity %, price %, date slip); exceptions go to output 2.',
  color: '#FDD0A2',
  icon: 'font-awesome/fa-balance-scale',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'within tolerance' }, { label: 'exceptions' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      property: { title: 'Document', description: 'Message property holding the acknowledgement or ship notice.', type: 'string', minLength: 1, default: 'payload' },
      purchaseOrderProperty: {
        title: 'Purchase order',
        description: 'Message property holding the canonical PO, usually fetched by an ERP query node.',
        type: 'string',
        minLength: 1,
        default: 'purchaseOrder',
      },
      document: { title: 'Document type', enum: ['auto', 'acknowledgement', 'ship-notice'], default: 'auto' },
      quantityPct: { title: 'Quantity tolerance (%)', type: 'number', minimum: 0, default: 0 },
      pricePct: { title: 'Price tolerance (%)', type: 'number', minimum: 0, default: 0 },
      dateDays: { title: 'Date tolerance (days late)', type: 'integer', minimum: 0, default: 0 },
      openException: { title: 'Open an exception', description: 'Open a tolerance exception in the work queue for each document beyond tolerance.', type: 'boolean', default: true },
    },
  },
  docs: `Checks a supplier's answer against the purchase order before the ERP is updated. The PO stays the reference, because the ERP is the system of record. Anything beyond tolerance goes to output 2 with a readable reason, for a person to review.

### What is compared, per PO line (matched by line number)
- **Quantity**: the promised quantity, summed over all entries for the line when the supplier splits it into several deliveries (for an acknowledgement), or the shipped quantity, summed over all packs (for a ship notice), against the ordered quantity, in percent. A rejected line counts as quantity 0. An accepted line without a quantity counts as the ordered quantity.
- **Price**: the promised unit price against the PO unit price, in percent. Acknowledgements only.
- **Date**: the promised date against the line's requested date, falling back to the PO's requested delivery date, in days late. For a ship notice the estimated delivery date is used, or the ship date when there is none. Early dates are fine.
- **Unit**: a unit that differs from the PO is always an exception, because the quantities cannot be compared. Convert units with an xref node first.
- **Line**: a line that is not on the PO is always an exception.

A ship notice is checked only for its orders whose \`poNumber\` matches the PO.

### Canonical documents only
The node reads the canonical acknowledgement (\`promisedQty\`, \`promisedUnitPrice\`, \`promisedDate\` per line) and ship notice (\`qty\`, \`uom\` per item). A line or item that is not canonical is an error, \`TOLERANCE_NOT_CANONICAL\`, with every problem located, never a silent pass. A portal acknowledgement with \`qty\` and \`unitPrice\` gets, for example:

\`\`\`json
{"path": "payload.lines[0].qty", "message": "is not a field of a canonical acknowledgement line: the tolerance check reads promisedQty; map qty to promisedQty before this node"}
\`\`\`

Map such documents to the canonical form first (a transform node); the portal's \`qty\` may mean the quantity ordered or the quantity confirmed, and only the mapping knows which.

### Policy
The node's own limits (**Quantity tolerance (%)**, **Price tolerance (%)** and **Date tolerance (days late)**) apply unless the partner (\`msg.partnerId\`) has its own tolerance policy, which then wins. The policy used is put on \`msg.tolerancePolicy\` as \`{quantityPct, pricePct, dateDays, source}\`, where \`source\` is \`"partner"\` or \`"node"\`.

### Configuration
- **Document**: the property holding the acknowledgement or ASN (\`payload\`).
- **Purchase order**: the property holding the canonical PO (\`purchaseOrder\`). A missing PO raises \`PURCHASE_ORDER_MISSING\`, and a PO with a different number raises \`PO_MISMATCH\`.
- **Open an exception** (on by default): a document beyond tolerance also opens an exception of kind \`tolerance\` in the operators' work queue (\`/api/exceptions\`), with each deviation located (\`path\`, \`line\`, \`field\`, \`expected\`, \`actual\`, \`allowed\`, \`deviation\`, \`unit\`) and the business keys (\`poNumber\` with \`ackNumber\` or \`shipmentId\`). Its id is put on \`msg.exceptionId\`. The same message at the same node while the exception is unresolved (a retry, a replay) gets that exception again, not a second one.
- **Document type**: \`auto\` recognises a ship notice by \`orders\` and an acknowledgement by \`lines\`.

### Outputs
1. **within tolerance**: the message, with \`msg.toleranceExceptions = []\`.
2. **exceptions**: the message, with \`msg.toleranceExceptions = [{line, field, ordered, promised, deviation, limit, reason}]\` (and \`msg.exceptionId\`). \`field\` is \`qty\`, \`unitPrice\`, \`date\`, \`uom\` or \`line\`. \`deviation\` is in percent for \`qty\` and \`unitPrice\`, and in days for \`date\`. For example:

\`\`\`json
{"line": 1, "field": "date", "ordered": "2026-12-01", "promised": "2026-12-11", "deviation": 10, "limit": 3,
 "reason": "promised date 2026-12-11 is 10 days after requested 2026-12-01 (tolerance 3 days)"}
\`\`\`
`,
  create(ctx, config) {
    const documentPath = parsePath(config.property);
    const poPath = parsePath(config.purchaseOrderProperty);
    const nodePolicy: TolerancePolicy = { quantityPct: config.quantityPct, pricePct: config.pricePct, dateDays: config.dateDays };

    return {
      async onInput(msg) {
        const document = getPath(msg, documentPath);
        const po = getPath(msg, poPath);
        if (!isObject(document)) throw new NodeError('TOLERANCE_NO_DOCUMENT', `msg.${config.property} holds no acknowledgement or ship notice`);
        if (!isObject(po) || !Array.isArray(po.lines)) {
          throw new NodeError('PURCHASE_ORDER_MISSING', `msg.${config.purchaseOrderProperty} holds no purchase order; fetch it (e.g. with an ERP query node) before the tolerance check`);
        }
        const purchaseOrder = po as unknown as PurchaseOrder;
        const kind = kindOf(document, config.document);
        const root = config.property.replace(/^msg\./, '');
        const unreadable = kind === 'acknowledgement' ? acknowledgementProblems(document, root) : shipNoticeProblems(document, root);
        if (unreadable.length) {
          const noun = kind === 'acknowledgement' ? 'acknowledgement' : 'ship notice';
          throw new NodeError('TOLERANCE_NOT_CANONICAL', `the ${noun} is not canonical, so its tolerance cannot be checked: ${unreadable.slice(0, 3).map((problem) => `${problem.path} ${problem.message}`).join('; ')}`, { details: unreadable });
        }
        if (kind === 'acknowledgement' && document.poNumber !== purchaseOrder.poNumber) {
          throw new NodeError('PO_MISMATCH', `acknowledgement is for PO ${String(document.poNumber)} but msg.${config.purchaseOrderProperty} is PO ${purchaseOrder.poNumber}`);
        }
        if (kind === 'ship-notice' && !(document.orders as Array<{ poNumber?: unknown }>).some((order) => order?.poNumber === purchaseOrder.poNumber)) {
          throw new NodeError('PO_MISMATCH', `ship notice ${String(document.asnNumber)} has no order for PO ${purchaseOrder.poNumber}`);
        }

        const partnerId = msg.partnerId ?? (typeof document.partnerId === 'string' ? document.partnerId : undefined);
        const partnerPolicy = partnerId ? (await ctx.services.partners.get(partnerId))?.tolerance : undefined;
        const policy = partnerPolicy ? { ...nodePolicy, ...partnerPolicy } : nodePolicy;
        msg.tolerancePolicy = { ...policy, source: partnerPolicy ? 'partner' : 'node' };

        const exceptions: ToleranceException[] = kind === 'acknowledgement'
          ? compareAcknowledgement(purchaseOrder, document as unknown as PurchaseOrderAcknowledgement, policy)
          : compareShipNotice(purchaseOrder, document as unknown as AdvanceShipNotice, policy);
        msg.toleranceExceptions = exceptions;
        const context: ToleranceExceptionContext = { kind, document: document as unknown as ToleranceExceptionContext['document'], purchaseOrder, root };
        const documentId = typeof msg[LEDGER_ID_PROPERTY] === 'string' ? (msg[LEDGER_ID_PROPERTY] as string) : undefined;
        if (exceptions.length && config.openException) {
          const { id } = await ctx.services.exceptions.open({
            ...toleranceExceptionInput(context, exceptions), correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId,
            ...(partnerId ? { partnerId } : {}), ...(documentId ? { documentId } : {}),
          });
          msg.exceptionId = id;
        }
        if (documentId) {
          ctx.services.ledger.update({ documentId }, { keys: toleranceKeys(context), facts: { tolerance: exceptions.length ? 'exceeded' : 'within', ...(typeof msg.exceptionId === 'string' ? { exceptionId: msg.exceptionId } : {}) } });
        }
        return exceptions.length ? [null, msg] : [msg, null];
      },
    };
  },
});
