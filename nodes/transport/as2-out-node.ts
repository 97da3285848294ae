// tl-as2-out: sends each message's payload to a partner over AS2, signed and encrypted, and checks the partner's receipt (MDN).
import { Agent } from 'undici';
import { defineNode, deliveryId, NodeError, type LedgerError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { ledgerIdOf } from '../canonical/ledger-facts.js';
import { as2AgreementDocs, as2AgreementOf, as2AgreementProperties, as2AgreementRequired, as2CredentialsSchema, messageIdDomain, type As2AgreementConfig } from './as2/as2-agreement.js';
import { classifyAs2Status, postAs2 } from './as2/as2-http.js';
import { buildAs2, type As2Agreement, type OutgoingAs2 } from './as2/as2-message.js';
import { AWAITED_RECEIPTS_NAMESPACE, AwaitedReceipts } from './as2/awaited-receipts.js';
import { micMatches, readMdn } from './as2/mdn.js';
import { receiptOutcome } from './as2/receipt-outcome.js';

export interface As2OutConfig extends As2AgreementConfig {
  url: string;
  receipt: 'sync' | 'async' | 'none';
  asyncReceiptUrl: string;
  contentType: string;
  subject: string;
  encoding: 'utf8' | 'latin1';
  timeoutMs: number;
}

export const as2OutNode = defineNode<As2OutConfig>({
  type: 'tl-as2-out',
  category: 'transport',
  label: 'as2 out',
  summary: 'Sends each message\'s payload to a partner over AS2, signed and encrypted, and checks the partner\'s receipt (MDN).',
  color: '#E2D96E',
  icon: 'font-awesome/fa-lock',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'sent' }],
  configSchema: {
    type: 'object',
    properties: {
      ...as2AgreementProperties,
      url: { type: 'string', format: 'uri', pattern: '^https?://', title: 'Partner AS2 URL', description: 'Where the partner receives AS2 messages.' },
      receipt: { enum: ['sync', 'async', 'none'], default: 'sync', title: 'Receipt', description: 'sync: the MDN comes back in the HTTP answer; async: the partner posts it later to asyncReceiptUrl; none: no receipt.' },
      asyncReceiptUrl: { type: 'string', default: '', maxLength: 2048, 'x-show-when': { receipt: ['async'] }, title: 'Asynchronous receipt URL', description: 'Our tl-as2-in endpoint for this partner, as the partner reaches it (receipt async only).' },
      contentType: { type: 'string', default: 'application/edi-x12', minLength: 3, maxLength: 200, title: 'Content type', description: 'application/edi-x12, application/edifact, application/xml, ...' },
      subject: { type: 'string', default: 'EDI', maxLength: 200, title: 'Subject', description: 'Subject header of the AS2 message sent to the partner.' },
      encoding: { enum: ['utf8', 'latin1'], default: 'utf8', title: 'Text encoding', description: 'How a text payload becomes bytes; latin1 for ISO-8859-1 EDI. A Buffer is sent as it is.' },
      timeoutMs: { type: 'integer', minimum: 1000, maximum: 600_000, default: 60_000, title: 'Timeout (ms)', description: 'For the POST and, with sync, the receipt in its answer.' },
    },
    required: ['url', ...as2AgreementRequired],
    additionalProperties: false,
  },
  credentialsSchema: as2CredentialsSchema,
  docs: `Posts \`msg.payload\` (text in **encoding**, a Buffer as it is, an object as JSON) to the partner's **url** as an AS2
(RFC 4130) message: a MIME entity of **contentType** (named \`msg.filename\` when set), signed with our key and encrypted
for the partner's certificate.

**Message-ID.** Derived from the node, \`msg.correlationId\` and the payload, so a retry of the same message (or the same
document sent again under the same correlation id) has the same Message-ID, and the partner recognises it
(\`duplicate-document\`) instead of processing it twice. \`msg.correlationId\` also goes out as \`X-Correlation-Id\`.

### Receipts
- **sync** (default): the partner's receipt comes back in the answer. It is verified against the partner's certificate,
  its Received-Content-MIC must equal the MIC of what we sent, and its disposition must be \`processed\`. Then the output
  carries \`msg.as2\` \`{messageId, mic, receipt: {disposition, signed}}\` and the ledger document is \`acknowledged\`.
- **async**: the partner answers 2xx at once and posts the receipt later to **asyncReceiptUrl**, our \`tl-as2-in\`
  endpoint for the partner, which settles it. The output follows the 2xx; the ledger document is \`sent\` until the
  receipt makes it \`acknowledged\` or \`failed\`. Receipts are awaited for 7 days.
- **none**: the output follows a 2xx; the ledger document is \`sent\`.

### Failures
| Problem | Error code | Retryable |
|---|---|---|
| network failure, timeout, 5xx, 408, 429 | \`AS2_UNAVAILABLE\` / \`AS2_TIMEOUT\` | yes |
| other 4xx | \`AS2_REJECTED\` | no |
| receipt says \`processed/error: ...\` | \`AS2_RECEIPT_ERROR\` (the partner's modifier in the message) | no |
| receipt MIC differs from ours | \`AS2_MIC_MISMATCH\` | no |
| receipt unsigned (when we sign), signed by someone else, or unreadable | \`AS2_MDN_INVALID\` / \`AS2_SIGNATURE_INVALID\` | no |

Put a \`tl-queue\` or \`tl-retry\` before this node for the retryable ones; the others go to the dead letters for an operator.

### Ledger
Every send is a document on channel \`as2\`, direction out, under the document the message came from (\`msg.ledgerId\`),
with the Message-ID, MIC and receipt facts; status \`acknowledged\`, \`sent\` or \`failed\` with the error.
${as2AgreementDocs}`,
  origin: 'tradelane',
  create(ctx, config) {
    const agreement = as2AgreementOf(ctx, config);
    if (config.receipt === 'async' && !/^https?:\/\//.test(config.asyncReceiptUrl)) {
      throw new NodeError('INVALID_CONFIG', 'asyncReceiptUrl is required for asynchronous receipts', { details: [{ path: 'asyncReceiptUrl', message: 'must be an http or https URL when receipt is async' }] });
    }
    const agent = new Agent({ connections: 4 });
    const awaited = new AwaitedReceipts(ctx.services.keyValue(AWAITED_RECEIPTS_NAMESPACE));
    return {
      onInput: (msg) => send(ctx, config, agreement, agent, awaited, msg),
      onClose: () => agent.close(),
    };
  },
});

function bytesOf(payload: unknown, encoding: As2OutConfig['encoding']): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload, encoding);
  return Buffer.from(JSON.stringify(payload ?? null), 'utf8');
}

/** The same message (node, correlation id, bytes) always gets the same Message-ID, so a retry or a resend is recognisable. */
function messageIdFor(ctx: NodeContext, config: As2OutConfig, msg: TradelaneMessage, content: Buffer): string {
  return `${deliveryId(ctx, msg.correlationId, content)}@${messageIdDomain(config.ourAs2Id)}`;
}

async function send(ctx: NodeContext, config: As2OutConfig, agreement: As2Agreement, agent: Agent, awaited: AwaitedReceipts, msg: TradelaneMessage): Promise<TradelaneMessage> {
  const content = bytesOf(msg.payload, config.encoding);
  const messageId = messageIdFor(ctx, config, msg, content);
  const filename = typeof msg.filename === 'string' && msg.filename ? msg.filename : undefined;
  const receiptUrl = config.receipt === 'async' ? config.asyncReceiptUrl : config.receipt === 'sync' ? 'sync' : undefined;
  const outgoing = buildAs2(content, config.contentType, filename, {
    from: config.ourAs2Id, to: config.partnerAs2Id, messageId, subject: config.subject, receipt: receiptUrl, signedReceipt: config.sign,
  }, agreement);
  const record = sendRecorder(ctx, config, msg, content, messageId, outgoing);
  try {
    // Not part of AS2: a receiving Tradelane records the message under the same correlation id, so support can follow it across.
    const headers = { ...outgoing.headers, 'X-Correlation-Id': msg.correlationId };
    const answer = await postAs2(agent, new URL(config.url), headers, outgoing.body, config.timeoutMs);
    const refused = classifyAs2Status(answer, config.url);
    if (refused) throw refused;
    if (config.receipt !== 'sync') {
      const documentId = record('sent', { receipt: config.receipt === 'async' ? 'expected' : 'none' });
      if (config.receipt === 'async') await awaited.expect(messageId, { documentId, mic: outgoing.mic, correlationId: msg.correlationId, partnerAs2Id: config.partnerAs2Id, sentAt: ctx.services.clock.now() });
      return { ...msg, as2: { messageId, mic: outgoing.mic } };
    }
    const mdn = readMdn(answer.headers['content-type'], answer.body, agreement.partnerCertificate);
    if (config.sign && !mdn.signed) throw new NodeError('AS2_MDN_INVALID', 'the partner\'s receipt is unsigned, but we asked for a signed one', { retryable: false, details: [{ path: 'mdn', message: 'is not signed' }] });
    const outcome = receiptOutcome(mdn, micMatches(outgoing.mic, mdn.mic));
    record(outcome.status, outcome.facts, outcome.errors);
    if (outcome.failure) throw outcome.failure;
    return { ...msg, as2: { messageId, mic: outgoing.mic, receipt: { disposition: mdn.disposition.text, signed: mdn.signed } } };
  } catch (error) {
    if (error instanceof NodeError && (error.code === 'AS2_RECEIPT_ERROR' || error.code === 'AS2_MIC_MISMATCH')) throw error;
    const failure = error instanceof NodeError ? error : new NodeError('AS2_FAILED', String(error));
    record('failed', {}, [{ path: config.url, message: failure.message, code: failure.code }]);
    throw failure;
  }
}

type SendRecorder = (status: 'sent' | 'acknowledged' | 'failed', facts: Record<string, string>, errors?: LedgerError[]) => string;

/** Records the send once, under the document the message came from. */
function sendRecorder(ctx: NodeContext, config: As2OutConfig, msg: TradelaneMessage, content: Buffer, messageId: string, outgoing: OutgoingAs2): SendRecorder {
  const parentId = ledgerIdOf(msg);
  const partnerId = config.partnerId || (typeof msg.partnerId === 'string' ? msg.partnerId : '');
  return (status, facts, errors) => ctx.services.ledger.record({
    direction: 'out', channel: 'as2', documentType: typeof msg.documentType === 'string' && msg.documentType ? msg.documentType : 'as2-message',
    status, correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId, raw: content.toString(config.encoding), sizeBytes: content.length,
    facts: { 'message-id': messageId, 'as2-to': config.partnerAs2Id, url: config.url, mic: outgoing.mic, ...facts },
    ...(partnerId ? { partnerId } : {}), ...(parentId ? { parentId } : {}), ...(errors?.length ? { errors } : {}),
  });
}
