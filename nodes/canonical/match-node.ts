// tl-match: three-way match of an invoice against its PO and ship notices; a mismatch opens an exception and goes to output 2.
import { defineNode, LEDGER_ID_PROPERTY, NodeError, type BusinessKeys, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { getPath, parsePath } from './message-path.js';
import { readInvoice, readPreviousInvoices, readPurchaseOrder, readShipNotices } from './match-inputs.js';
import { matchInvoice, type LocatedShipNotice, type MatchMismatch, type MatchPolicy } from './match-rules.js';
import type { Invoice, PurchaseOrder } from './types.js';

export interface MatchConfig {
  invoiceProperty: string;
  purchaseOrderProperty: string;
  shipNoticesProperty: string;
  previousInvoicesProperty: string;
  shipNotices: 'required' | 'optional';
  policy: 'partner' | 'node';
  quantityPct: number;
  pricePct: number;
  openException: boolean;
}

/** What the node leaves on msg.match for the nodes after it. */
export interface MatchOutcome {
  matched: boolean;
  mismatches: MatchMismatch[];
  policy: MatchPolicy & { source: 'partner' | 'node' };
  keys: BusinessKeys;
  /** The exception opened for the mismatch (absent when matched or when exceptions are off). */
  exceptionId?: string;
}

export const MATCH_EXCEPTION_KIND = 'three-way-match';

const PATH_PATTERN = '^(msg\\.)?[A-Za-z_$][A-Za-z0-9_$]*(\\[[0-9]+\\])*(\\.[A-Za-z_$][A-Za-z0-9_$]*(\\[[0-9]+\\])*)*$';
const pathProperty = (title: string, description: string, fallback: string) => ({ title, description, type: 'string', pattern: PATH_PATTERN, default: fallback });

function keysOf(invoice: Invoice, po: PurchaseOrder, shipNotices: LocatedShipNotice[] | undefined): BusinessKeys {
  const shipmentId = invoice.asnNumber ?? (shipNotices?.length === 1 ? shipNotices[0]!.asn.asnNumber : undefined);
  return { poNumber: po.poNumber, ...(invoice.invoiceNumber ? { invoiceNumber: String(invoice.invoiceNumber) } : {}), ...(shipmentId ? { shipmentId } : {}) };
}

function summaryOf(invoice: Invoice, po: PurchaseOrder, mismatches: MatchMismatch[]): string {
  const where = mismatches.slice(0, 4).map((mismatch) => `${mismatch.field}${mismatch.line !== null ? ` line ${mismatch.line}` : ''}`).join(', ');
  const more = mismatches.length > 4 ? `, +${mismatches.length - 4} more` : '';
  return `invoice ${String(invoice.invoiceNumber ?? '(no number)')} does not match ${po.poNumber}: ${mismatches.length} deviation${mismatches.length === 1 ? '' : 's'} (${where}${more})`;
}

async function policyFor(ctx: NodeContext, config: MatchConfig, msg: TradelaneMessage, invoice: Invoice): Promise<MatchOutcome['policy']> {
  const node = { quantityPct: config.quantityPct, pricePct: config.pricePct };
  const partnerId = msg.partnerId ?? invoice.partnerId;
  if (config.policy === 'node' || !partnerId) return { ...node, source: 'node' };
  const tolerance = (await ctx.services.partners.get(partnerId))?.tolerance;
  return tolerance ? { quantityPct: tolerance.quantityPct, pricePct: tolerance.pricePct, source: 'partner' } : { ...node, source: 'node' };
}

export const matchNode = defineNode<MatchConfig>({
  type: 'tl-match',
  category: 'canonical',
  label: 'three-way match',
  summary: 'Matches an invoice against its PO and ship notices (item, quantity, price) under the partner\'s tolerance; mismatches open an exception and go to output 2.',
  color: '#FDD0A2',
  icon: 'font-awesome/fa-check-square-o',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'matched' }, { label: 'mismatched' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      invoiceProperty: pathProperty('Invoice', 'Message property holding the canonical invoice.', 'payload'),
      purchaseOrderProperty: pathProperty('Purchase order', 'Message property holding the canonical PO, e.g. fetched by an ERP query node.', 'purchaseOrder'),
      shipNoticesProperty: pathProperty('Ship notices', 'Message property holding the PO\'s ship notices: one ASN or an array of them ([] when none arrived).', 'shipNotices'),
      previousInvoicesProperty: { title: 'Earlier invoices', description: 'Optional message property holding invoices already accepted for this PO (an array); empty: none.', type: 'string', pattern: `^$|${PATH_PATTERN}`, default: '' },
      shipNotices: { title: 'Ship notices are', description: 'required: a three-way match, and no ship notices on the message is an error. optional: without them, a two-way match of invoice and PO.', enum: ['required', 'optional'], default: 'required' },
      policy: { title: 'Tolerance from', description: 'partner: the partner\'s tolerance policy (onboarding collects it), the node\'s limits when the partner has none. node: always the node\'s limits.', enum: ['partner', 'node'], default: 'partner' },
      quantityPct: { title: 'Quantity tolerance (%)', type: 'number', minimum: 0, default: 0 },
      pricePct: { title: 'Price tolerance (%)', type: 'number', minimum: 0, default: 0 },
      openException: { title: 'Open an exception', description: 'Open a three-way-match exception in the work queue for each mismatched invoice.', type: 'boolean', default: true },
    },
  },
  docs: `Checks a supplier invoice before it is paid: was this ordered, was it shipped, and is the price the one on the PO?
Matching invoices go to output 1; an invoice with any deviation opens an exception in the operators' work queue
(\`/api/exceptions\`, kind \`three-way-match\`) and goes to output 2.

### Where the documents come from
The node compares what is on the message; the flow gathers it first. Each is a message property path, such as \`payload\`, \`erp.po\` or \`msg.documents[0]\`:
- **Invoice** (\`payload\`): the canonical invoice, e.g. from an EDI parse (810/INVOIC) or a portal intake mapped to canonical.
- **Purchase order** (\`purchaseOrder\`): the canonical PO, usually fetched with an **ERP query** node.
- **Ship notices** (\`shipNotices\`): one canonical ASN or an array of the PO's ASNs, e.g. from an ERP query or a store the ASN flow writes. When ship notices are required, \`[]\` means "none arrived", which makes every invoiced item "not shipped".
- **Earlier invoices** (empty: none): invoices already accepted for the PO, so a second invoice for the same goods is caught.

A missing or unreadable document is an error with every problem located (\`PURCHASE_ORDER_MISSING\`, \`INVOICE_MISSING\`, \`SHIP_NOTICE_MISSING\`, \`…_INVALID\`, and \`PO_MISMATCH\` when the PO is not the one the invoice bills), never a silent pass. With **Ship notices are** \`optional\`, no ship notices (absent or \`[]\`) means a two-way match of invoice against PO; \`required\` (the default) makes absent ship notices an error.

### What is compared
Items are matched by **SKU**: the line's \`sku\` (the buyer part number, or what an **xref** node resolved), else the PO line with the same \`supplierItem\`. Invoice line numbers need not be PO line numbers.
- **Item**: an invoiced SKU that is not on the PO (or a line with no resolvable SKU).
- **Unit**: a unit that differs from the PO's; quantities and prices of that SKU are then not compared.
- **Price**: each invoice line's unit price against the PO line's (the one with the same line number and SKU, else the first with the SKU), in percent, both directions. A PO line without a price cannot verify the invoice and is a deviation too.
- **Currency**: an invoice in another currency than the PO; prices are then not compared.
- **Quantity**, totalled per SKU: *invoiced ≤ shipped ≤ ordered*, each within the quantity tolerance. Less is fine: that is a partial shipment or a partial invoice.

### Partial shipments and invoices
- Several ASNs per PO are supported: their quantities for this PO are added up (orders for other POs are ignored). An over-shipment is located at the ASN item where the running total first passed the ordered quantity.
- When the invoice names its shipment (\`asnNumber\`), it is compared with that ASN only, and an unknown \`asnNumber\` is a deviation. Without \`asnNumber\`, it is compared with everything shipped on the PO.
- Earlier invoices count against what was ordered (and, without \`asnNumber\`, against what was shipped). Without them, each invoice is checked on its own, so two invoices that each bill the whole shipment both pass: gather earlier invoices, or de-duplicate invoice numbers with an idempotency node.
- Over-shipments of items the invoice does not bill are not reported here.

### Tolerance
**Tolerance from** \`partner\` (the default) uses the partner's tolerance policy (\`msg.partnerId\`, else the invoice's \`partnerId\`): its \`quantityPct\` and \`pricePct\`. A partner without a policy, or \`node\`, uses the node's **Quantity tolerance (%)** and **Price tolerance (%)**. A tolerance allows going *over* by that percent (prices: either way); exactly at the limit is within.

### Exceptions
With **Open an exception** (on by default), each mismatched invoice opens an exception of kind \`three-way-match\` with the mismatches as its located details and the business keys. The same message at the same node while its exception is unresolved (a replay, a retry) gets that exception again instead of a second one. Turn it off when output 2 handles the mismatch itself (e.g. answers the supplier).

### Outputs
1. **matched**: \`msg.match = {matched: true, mismatches: [], policy, keys}\`.
2. **mismatched**: \`msg.match = {matched: false, mismatches, policy, keys, exceptionId}\`. Each mismatch is located:

\`\`\`json
{"path": "payload.lines[0].unitPrice", "field": "unitPrice", "line": 1, "sku": "SKU-10001", "against": "purchaseOrder",
 "expected": 0.18, "actual": 0.2, "allowedPct": 2, "deviationPct": 11.11,
 "message": "line 1: unit price 0.2 for SKU-10001 is 11.11% above ordered 0.18 (tolerance 2%)"}
\`\`\`

\`field\` is \`item\`, \`uom\`, \`unitPrice\`, \`qty\`, \`currency\` or \`asnNumber\`; \`against\` says whether the PO or the ship notices were the reference. \`keys\` are the business keys (\`poNumber\`, \`invoiceNumber\`, \`shipmentId\`) the exception carries too.

When the message carries a ledger id (\`msg.ledgerId\`), the document gets the keys and the facts \`threeWayMatch\` (\`matched\`/\`mismatched\`) and \`exceptionId\`.
`,
  create(ctx, config) {
    const paths = {
      invoice: parsePath(config.invoiceProperty),
      purchaseOrder: parsePath(config.purchaseOrderProperty),
      shipNotices: parsePath(config.shipNoticesProperty),
      previousInvoices: config.previousInvoicesProperty ? parsePath(config.previousInvoicesProperty) : undefined,
    };
    const label = (property: string) => property.replace(/^msg\./, '');

    return {
      async onInput(msg) {
        const invoice = readInvoice(getPath(msg, paths.invoice), label(config.invoiceProperty));
        const purchaseOrder = readPurchaseOrder(getPath(msg, paths.purchaseOrder), label(config.purchaseOrderProperty));
        if (invoice.poNumber !== purchaseOrder.poNumber) {
          throw new NodeError('PO_MISMATCH', `invoice bills PO ${invoice.poNumber} but msg.${label(config.purchaseOrderProperty)} is PO ${purchaseOrder.poNumber}`, {
            details: [{ path: `${label(config.invoiceProperty)}.poNumber`, message: `must be ${purchaseOrder.poNumber}, the PO on msg.${label(config.purchaseOrderProperty)}` }],
          });
        }
        const shipNotices = readShipNotices(getPath(msg, paths.shipNotices), label(config.shipNoticesProperty), config.shipNotices === 'required');
        const previousInvoices = paths.previousInvoices ? readPreviousInvoices(getPath(msg, paths.previousInvoices), label(config.previousInvoicesProperty)) : [];
        const policy = await policyFor(ctx, config, msg, invoice);
        const mismatches = matchInvoice({ purchaseOrder, invoice, invoicePath: label(config.invoiceProperty), ...(shipNotices ? { shipNotices } : {}), previousInvoices, policy });
        const keys = keysOf(invoice, purchaseOrder, shipNotices);
        const outcome: MatchOutcome = { matched: mismatches.length === 0, mismatches, policy, keys };
        const documentId = typeof msg[LEDGER_ID_PROPERTY] === 'string' ? (msg[LEDGER_ID_PROPERTY] as string) : undefined;
        if (mismatches.length && config.openException) {
          const { id } = await ctx.services.exceptions.open({
            kind: MATCH_EXCEPTION_KIND, correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId, keys,
            summary: summaryOf(invoice, purchaseOrder, mismatches), details: mismatches,
            ...(msg.partnerId ?? invoice.partnerId ? { partnerId: msg.partnerId ?? invoice.partnerId } : {}),
            ...(documentId ? { documentId } : {}),
          });
          outcome.exceptionId = id;
        }
        if (documentId) {
          ctx.services.ledger.update({ documentId }, { keys, facts: { threeWayMatch: outcome.matched ? 'matched' : 'mismatched', ...(outcome.exceptionId ? { exceptionId: outcome.exceptionId } : {}) } });
        }
        msg.match = outcome;
        return outcome.matched ? [msg, null] : [null, msg];
      },
    };
  },
});
