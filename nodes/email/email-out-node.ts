// tl-email-out: sends each message as an e-mail over SMTP, the document attached (a PO to a supplier without a portal), recorded in the ledger.
import { defineNode, deliveryId, NodeError, type LedgerError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { ledgerIdOf } from '../canonical/ledger-facts.js';
import { sendMail, smtpTransport, type Mail } from './smtp-send.js';

export interface EmailOutConfig {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
  body: string;
  attach: 'payload' | 'none';
  attachmentName: string;
  partnerId: string;
  timeoutMs: number;
}

const ADDRESS_LIST = '^\\s*$|^[^,@\\s]+@[^,@\\s]+(\\s*,\\s*[^,@\\s]+@[^,@\\s]+)*\\s*$';
const SINGLE_ADDRESS = /^[^,@\s]+@[^,@\s]+$/;

export const emailOutNode = defineNode<EmailOutConfig>({
  type: 'tl-email-out',
  category: 'transport',
  label: 'email out',
  summary: 'Sends each message as an e-mail over SMTP, with the document attached, and records it in the ledger.',
  color: '#C7E9C0',
  icon: 'font-awesome/fa-envelope',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'sent' }],
  configSchema: {
    type: 'object',
    properties: {
      host: { type: 'string', minLength: 1, maxLength: 253, title: 'SMTP server', description: 'The mail server that relays for us.' },
      port: { type: 'integer', minimum: 1, maximum: 65535, default: 587, title: 'Port', description: '587 for starttls, 465 for tls, 25 for a local relay.' },
      security: { enum: ['starttls', 'tls', 'none'], default: 'starttls', title: 'Security', description: 'starttls (port 587): upgrade, and refuse a server that cannot; tls (port 465): TLS from the start; none: plain, only for a relay on this machine.' },
      username: { type: 'string', default: '', maxLength: 256, title: 'Username', description: 'Empty: send without logging in.' },
      from: { type: 'string', minLength: 3, maxLength: 320, title: 'From', description: 'e.g. "Purchasing <purchasing@distributor.example>".' },
      to: { type: 'string', default: '', maxLength: 2000, pattern: ADDRESS_LIST, title: 'To', description: 'Comma-separated addresses. Empty: msg.to (a string or a list).' },
      cc: { type: 'string', default: '', maxLength: 2000, pattern: ADDRESS_LIST, title: 'Cc', description: 'Comma-separated addresses, optional.' },
      subject: { type: 'string', default: '{documentType} {correlationId}', maxLength: 500, title: 'Subject', description: 'Placeholders: {correlationId}, {documentType}, {poNumber}, {partnerId}; msg.subject overrides it.' },
      body: { type: 'string', default: 'Please find the document attached.', maxLength: 20_000, 'x-widget': 'textarea', title: 'Text', description: 'The mail text, with the same placeholders.' },
      attach: { enum: ['payload', 'none'], default: 'payload', title: 'Attachment', description: 'payload: msg.payload is attached (an object as JSON); none: the payload is the mail text instead.' },
      attachmentName: { type: 'string', default: '', maxLength: 255, title: 'Attachment name', description: 'Empty: msg.filename, else <correlationId>.json or .txt.' },
      partnerId: { type: 'string', default: '', maxLength: 128, title: 'Partner', description: 'The partner the mail goes to: the ledger records it under them. Empty: msg.partnerId.' },
      timeoutMs: { type: 'integer', minimum: 1000, maximum: 300_000, default: 30_000, title: 'Timeout (ms)', description: 'For connecting and for each SMTP step.' },
    },
    required: ['host', 'from'],
    additionalProperties: false,
  },
  credentialsSchema: {
    type: 'object',
    properties: { password: { type: 'string', title: 'Password', description: 'For the SMTP login; stored sealed and never shown again.', 'x-secret': true, 'x-widget': 'password' } },
  },
  docs: `Sends an e-mail per message through an SMTP server: for documents to partners that take them by mail (a purchase
order to a supplier without a portal or EDI), or notices to people.

The recipients are **to** (else \`msg.to\`) and **cc**; the subject and text take the placeholders \`{correlationId}\`,
\`{documentType}\`, \`{poNumber}\`, \`{partnerId}\` (\`msg.subject\` replaces the subject). With **attach** \`payload\`,
\`msg.payload\` is attached under **attachmentName** (else \`msg.filename\`, else \`<correlationId>.json\` or \`.txt\`): an
object as JSON, text as it is, a Buffer as its bytes (EDI, PDF).

The Message-ID is derived from the node, \`msg.correlationId\` and the content, so a retried mail carries the same id.
### Outputs
- **sent**: the message, once the server accepted the mail, with \`msg.email\` \`{messageId, accepted, response}\`.

### Failures
| Problem | Error code | Retryable |
|---|---|---|
| server unreachable, timeout, a 4xx (try later) answer | \`EMAIL_UNAVAILABLE\` | yes |
| a recipient or the mail refused with a 5xx | \`EMAIL_REJECTED\` | no |
| the login refused | \`EMAIL_AUTH_FAILED\` | no |
| no recipient | \`EMAIL_NO_RECIPIENT\` | no |

Put a \`tl-queue\` or \`tl-retry\` before this node for the retryable ones.

Every mail is a document in the ledger (channel \`email\`, direction out) under the document the message came from,
with its recipients and Message-ID; the password (a sealed credential) is never returned.`,
  origin: 'tradelane',
  create(ctx, config) {
    const transport = smtpTransport({ host: config.host, port: config.port, security: config.security, username: config.username, password: ctx.credentials.password, timeoutMs: config.timeoutMs });
    return {
      onInput: (msg) => send(ctx, config, transport, msg),
      onClose: () => transport.close(),
    };
  },
});

function fill(template: string, msg: TradelaneMessage, partnerId: string): string {
  const payload = msg.payload && typeof msg.payload === 'object' && !Buffer.isBuffer(msg.payload) ? msg.payload as Record<string, unknown> : {};
  const values: Record<string, string> = {
    correlationId: msg.correlationId, documentType: typeof msg.documentType === 'string' ? msg.documentType : 'document',
    poNumber: typeof payload.poNumber === 'string' ? payload.poNumber : '', partnerId,
  };
  return template.replace(/\{(correlationId|documentType|poNumber|partnerId)\}/g, (_, name: string) => values[name] ?? '');
}

function addresses(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean);
}

function recipientsOf(config: EmailOutConfig, msg: TradelaneMessage): string[] {
  if (config.to.trim()) return addresses(config.to);
  const given = Array.isArray(msg.to) ? msg.to.map(String) : typeof msg.to === 'string' ? addresses(msg.to) : [];
  const invalid = given.filter((address) => !SINGLE_ADDRESS.test(address));
  if (invalid.length) throw new NodeError('EMAIL_NO_RECIPIENT', `msg.to holds something that is no address: ${invalid.join(', ')}`, { retryable: false, details: [{ path: 'msg.to', message: 'must be e-mail addresses' }] });
  if (!given.length) throw new NodeError('EMAIL_NO_RECIPIENT', 'no recipient: set To on the node or send msg.to', { retryable: false, details: [{ path: 'to', message: 'is required (or msg.to)' }] });
  return given;
}

function attachmentOf(config: EmailOutConfig, msg: TradelaneMessage): Mail['attachments'][number] {
  const { payload } = msg;
  const content = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload ?? null, null, 2), 'utf8');
  const json = !Buffer.isBuffer(payload) && typeof payload !== 'string';
  const filename = config.attachmentName || (typeof msg.filename === 'string' && msg.filename ? msg.filename : `${msg.correlationId}.${json ? 'json' : 'txt'}`);
  return { filename, content, contentType: json ? 'application/json' : Buffer.isBuffer(payload) ? 'application/octet-stream' : 'text/plain' };
}

function mailFor(ctx: NodeContext, config: EmailOutConfig, msg: TradelaneMessage, partnerId: string): Mail {
  const attachments = config.attach === 'payload' ? [attachmentOf(config, msg)] : [];
  const text = config.attach === 'payload' ? fill(config.body, msg, partnerId) : typeof msg.payload === 'string' ? msg.payload : JSON.stringify(msg.payload ?? null, null, 2);
  const subject = typeof msg.subject === 'string' && msg.subject ? msg.subject : fill(config.subject, msg, partnerId);
  const messageId = deliveryId(ctx, msg.correlationId, `${subject}\n${text}\n`, ...attachments.map((attachment) => attachment.content));
  return { from: config.from, to: recipientsOf(config, msg), cc: addresses(config.cc), subject, text, messageId: `${messageId}@tradelane`, attachments };
}

async function send(ctx: NodeContext, config: EmailOutConfig, transport: ReturnType<typeof smtpTransport>, msg: TradelaneMessage): Promise<TradelaneMessage> {
  const partnerId = config.partnerId || (typeof msg.partnerId === 'string' ? msg.partnerId : '');
  const mail = mailFor(ctx, config, msg, partnerId);
  try {
    const sent = await sendMail(transport, mail);
    record(ctx, msg, mail, partnerId);
    return { ...msg, email: { messageId: mail.messageId, accepted: sent.accepted, response: sent.response } };
  } catch (error) {
    const failure = error instanceof NodeError ? error : new NodeError('EMAIL_UNAVAILABLE', String(error), { retryable: true });
    // A retryable failure left nothing with the server: the queue before this node tries again, without a document per attempt.
    if (!failure.retryable) record(ctx, msg, mail, partnerId, [{ path: 'email', message: failure.message, code: failure.code }]);
    throw failure;
  }
}

function record(ctx: NodeContext, msg: TradelaneMessage, mail: Mail, partnerId: string, errors?: LedgerError[]): void {
  const parentId = ledgerIdOf(msg);
  const [attachment] = mail.attachments;
  ctx.services.ledger.record({
    direction: 'out', channel: 'email', documentType: typeof msg.documentType === 'string' && msg.documentType ? msg.documentType : 'email',
    status: errors ? 'failed' : 'sent', correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId,
    raw: attachment ? attachment.content.toString(attachment.contentType === 'application/octet-stream' ? 'latin1' : 'utf8') : mail.text,
    facts: { to: [...mail.to, ...mail.cc].join(', ').slice(0, 500), subject: mail.subject.slice(0, 200), messageId: mail.messageId, ...(attachment ? { attachment: attachment.filename } : {}) },
    ...(partnerId ? { partnerId } : {}), ...(parentId ? { parentId } : {}), ...(errors ? { errors } : {}),
  });
}
