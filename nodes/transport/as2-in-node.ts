// tl-as2-in: a partner's AS2 endpoint; decrypts and verifies each message, sends it on, and answers with a signed receipt once its path completed.
import { Agent } from 'undici';
import { defineNode } from '../sdk/index.js';
import { as2AgreementDocs, as2AgreementOf, as2AgreementProperties, as2AgreementRequired, as2CredentialsSchema, type As2AgreementConfig } from './as2/as2-agreement.js';
import { As2Receiver } from './as2/as2-receiver.js';
import { ReceiptSender } from './as2/receipt-sender.js';

export interface As2InConfig extends As2AgreementConfig {
  path: string;
  encoding: 'utf8' | 'latin1' | 'buffer';
  bodyLimitBytes: number;
  ackTimeoutMs: number;
}

const PROCESSED_NAMESPACE = 'as2-in-processed';

export const as2InNode = defineNode<As2InConfig>({
  type: 'tl-as2-in',
  category: 'transport',
  label: 'as2 in',
  summary: 'Receives a partner\'s AS2 messages: decrypts and verifies each one, sends it on, and answers with a signed receipt (MDN) once its path completed.',
  color: '#E2D96E',
  icon: 'font-awesome/fa-lock',
  inputs: 0,
  sideEffects: 'external',
  outputs: [{ label: 'message' }],
  configSchema: {
    type: 'object',
    properties: {
      ...as2AgreementProperties,
      partnerId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', title: 'Partner id', description: 'The endpoint is /partners/{partnerId}/{path}; the ledger records the messages under this partner.' },
      path: { type: 'string', pattern: '^[a-z0-9][a-z0-9/_-]*$', default: 'as2', title: 'Path', description: 'Give the partner the URL https://<our host>/partners/{partnerId}/{path}.' },
      encoding: { enum: ['utf8', 'latin1', 'buffer'], default: 'utf8', title: 'Payload encoding', description: 'latin1 for ISO-8859-1 EDI (EDIFACT UNOC); buffer passes the bytes as they are.' },
      bodyLimitBytes: { type: 'integer', minimum: 1, maximum: 104_857_600, default: 52_428_800, title: 'Largest message (bytes)', description: 'Larger messages get 413 before they are read.' },
      ackTimeoutMs: { type: 'integer', minimum: 100, maximum: 600_000, default: 60_000, title: 'Path timeout (ms)', description: 'A message whose downstream path has not completed by then is answered with an error receipt.' },
    },
    required: ['partnerId', ...as2AgreementRequired],
    additionalProperties: false,
  },
  credentialsSchema: as2CredentialsSchema,
  docs: `Serves \`POST /partners/{partnerId}/{path}\` as the AS2 (RFC 4130) endpoint for one partner agreement.

For each message:

1. **AS2-From** must be **partnerAs2Id** and **AS2-To** **ourAs2Id** (else **403**, located at the header); missing AS2
   headers get **400**. A suspended partner gets **403**.
2. The message is decrypted with our key and its signature checked against the pinned **partnerCertificate**. With
   **encrypt** or **sign** on, a message without them is refused (\`insufficient-message-security\`).
3. The payload goes out on the output as \`msg.payload\` (text in **encoding**, or a Buffer), with \`msg.filename\` (from
   Content-Disposition), \`msg.contentType\`, \`msg.as2\` \`{from, to, messageId, signed, encrypted, mic}\`,
   \`msg.partnerId\`, \`msg.correlationId\` (from \`X-Correlation-Id\` when the sender gives one, as \`tl-as2-out\` does) and \`msg.ledgerId\`.
4. When **every branch** of its downstream path has completed (put a \`tl-queue\` right after it, and the path completes
   as soon as the message is stored), the partner gets its receipt: \`processed\`, with the MIC of what we received. A path
   that fails or passes **ackTimeoutMs** gets \`processed/error: unexpected-processing-error\`.

### Receipts (MDN)
| The partner asked for | It gets |
|---|---|
| a synchronous receipt | the MDN as the HTTP answer, signed when asked (signed-receipt-protocol) |
| an asynchronous receipt (Receipt-Delivery-Option) | 200 at once, then the MDN posted to its URL (3 attempts over ~12 s); only for a **signed** message, since the URL is the sender's to choose; otherwise the receipt is given synchronously |
| no receipt | 200, or 400 with the located error |

| Problem | Receipt says | Ledger |
|---|---|---|
| not encrypted for our certificate, broken encryption | \`processed/error: decryption-failed\` | refused |
| signature does not verify with the partner's certificate | \`processed/error: authentication-failed\` | refused |
| unsigned or in clear although the agreement requires it | \`processed/error: insufficient-message-security\` | refused |
| a Message-ID already processed (within 30 days) | \`processed/warning: duplicate-document\`; not sent on again | refused, \`duplicate\` |
| the downstream path failed or timed out | \`processed/error: unexpected-processing-error\` | failed |

**Receipts for our messages.** A partner's asynchronous receipt for a message a \`tl-as2-out\` node sent is posted to
this same endpoint: it is verified, matched by Original-Message-ID, and the sent message's ledger document becomes
\`acknowledged\` (or \`failed\` with the partner's error, or when its MIC is not the one we sent). The receipt is recorded
too, under the message it answers.

### Ledger
Every request is a document on channel \`as2\`: \`as2-message\` (the decrypted payload, with AS2-From/To, Message-ID,
MIC, signed/encrypted, and \`receipt\`: sync, async-sent, async-failed, none), or \`as2-receipt\`.

**Restarts.** A message is remembered as processed only once its path completed. A partner whose connection dropped
before the receipt resends with the same Message-ID: a message whose path completed is answered \`duplicate-document\`;
one that had not is processed again (at least once).
${as2AgreementDocs}`,
  origin: 'tradelane',
  create(ctx, config) {
    const agreement = as2AgreementOf(ctx, config);
    const agent = new Agent({ connections: 4 });
    const sender = new ReceiptSender(ctx, agreement, agent);
    const receiver = new As2Receiver(ctx, config, agreement, ctx.services.keyValue(`${PROCESSED_NAMESPACE}:${config.partnerId}:${config.path}`), sender);
    const unregister = ctx.services.http.register('POST', `/partners/${config.partnerId}/${config.path}`, (request, response) => receiver.handle(request, response), {
      bodyLimitBytes: config.bodyLimitBytes, bodyTimeoutMs: 120_000, partnerId: config.partnerId,
    });
    return {
      async onClose() {
        unregister();
        sender.close();
        await agent.close();
      },
    };
  },
});
