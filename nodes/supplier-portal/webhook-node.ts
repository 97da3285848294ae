// tl-webhook: POSTs a canonical event to a partner URL, HMAC-signed, with a timeout and retryable/permanent failure classification.
import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import { defineNode, NodeError, type TradelaneMessage } from '../sdk/index.js';
import { DEFAULT_SIGNATURE_HEADER, DEFAULT_TIMESTAMP_HEADER, signLegacyV1, signRequest } from './signature.js';
import { classifyWebhookStatus, sendWebhook } from './webhook-http.js';
import { LEDGER_DOCUMENT_TYPES } from '../canonical/business-keys.js';
import { WebhookLedger, type WebhookAttempt } from './webhook-ledger.js';

export interface WebhookConfig {
  partnerId: string;
  url: string;
  eventType: string;
  timeoutMs: number;
  timestampHeader: string;
  signatureHeader: string;
  documentType: string;
}

/** What the partner receives: an envelope around the canonical document. */
export interface WebhookEvent {
  id: string;
  type: string;
  occurredAt: string;
  partnerId: string;
  correlationId: string;
  data: unknown;
}

export interface WebhookResultInfo {
  status: number | null;
  url: string;
  eventId: string;
  durationMs: number;
}

/** Stable per message and event, so a retry or dead-letter replay carries the same ID and the partner can deduplicate. */
function eventIdFor(msg: TradelaneMessage, type: string): string {
  if (typeof msg.eventId === 'string' && msg.eventId) return msg.eventId;
  const digest = createHash('sha256').update(`${msg.correlationId}\u0000${type}\u0000${JSON.stringify(msg.payload) ?? ''}`).digest('hex');
  return `evt_${digest.slice(0, 32)}`;
}

function eventTypeFor(msg: TradelaneMessage, configured: string): string {
  if (configured) return configured;
  if (typeof msg.topic === 'string' && msg.topic) return msg.topic;
  throw new NodeError('INVALID_CONFIG', 'no event type: set eventType or msg.topic', { details: [{ path: '$.eventType', message: 'is empty and msg.topic is not set' }] });
}

export const webhookNode = defineNode<WebhookConfig>({
  type: 'tl-webhook',
  category: 'intake',
  label: 'webhook out',
  summary: 'POSTs a signed event (e.g. an order status change) to a partner URL; failures are retryable or permanent.',
  color: '#7fb7df',
  icon: 'font-awesome/fa-paper-plane',
  origin: 'tradelane',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'delivered' }],
  configSchema: {
    type: 'object',
    properties: {
      partnerId: { type: 'string', default: '', pattern: '^([a-z0-9][a-z0-9-]{0,62})?$', title: 'Partner id', description: 'Empty: msg.partnerId. The partner\'s webhook secret signs the request.' },
      url: { type: 'string', default: '', pattern: '^(https?://.+|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}.*)?$', title: 'URL', description: 'Empty: the partner\'s webhook URL. ${NAME} is taken from the runtime settings or the environment.' },
      eventType: { type: 'string', default: '', title: 'Event type', description: 'For example "order.status_changed". Empty: msg.topic.' },
      timeoutMs: { type: 'integer', minimum: 100, maximum: 120_000, default: 10_000, title: 'Timeout (ms)' },
      timestampHeader: { type: 'string', default: DEFAULT_TIMESTAMP_HEADER, pattern: '^[A-Za-z0-9-]+$', title: 'Timestamp header' },
      signatureHeader: { type: 'string', default: DEFAULT_SIGNATURE_HEADER, pattern: '^[A-Za-z0-9-]+$', title: 'Signature header' },
      documentType: {
        type: 'string', enum: ['', ...LEDGER_DOCUMENT_TYPES], default: '', title: 'Document type',
        description: 'The business document the event carries, as the ledger names it (e.g. purchaseOrder for a PO sent to a supplier portal). Empty: an event (webhook-event).',
      },
    },
    additionalProperties: false,
  },
  docs: `Sends \`msg.payload\` to a partner as a signed JSON event:

\`\`\`json
{"id": "evt_…", "type": "order.status_changed", "occurredAt": "2026-05-01T12:00:00.000Z",
 "partnerId": "acme", "correlationId": "…", "data": { …msg.payload… }}
\`\`\`

- **Partner id** (or \`msg.partnerId\`) names the partner; its webhook secret, set up in \`/api/partners\`, signs the request. A suspended partner gets nothing (\`WEBHOOK_NOT_CONFIGURED\`).
- **URL**: the target; empty uses the partner's \`webhookUrl\`.
- **Event type**: the event's \`type\`; empty uses \`msg.topic\`.
- **Timeout (ms)**: the whole request.
- **Timestamp header** / **Signature header**: the request carries Unix seconds in the first and \`v2=\` + hex HMAC-SHA256 of the v2 canonical string in the second,
  the same scheme partners use towards the intake node: \`v2:{timestamp}\\n{METHOD}\\n{path}\\n{Idempotency-Key}\\n{X-Correlation-Id}\\n\` followed by the body, where path is the URL path without the query string.
  A partner whose \`legacyV1Signatures\` switch is on gets the retired \`sha256=\` signature over \`timestamp + "." + body\` instead, while it migrates.
  Headers \`X-Tradelane-Event\`, \`X-Tradelane-Event-Id\`, \`Idempotency-Key\` (the event ID) and \`X-Correlation-Id\` are sent as well.

The event ID is derived from the correlation ID, type and payload (or taken from \`msg.eventId\`), so a retry sends the same ID and the partner can drop duplicates.

### Output
The message continues unchanged, with \`msg.webhook = {status, url, eventId, durationMs}\`.

### Failures
| Answer | Error code | Retryable |
|---|---|---|
| network error | \`WEBHOOK_UNAVAILABLE\` | yes |
| timeout | \`WEBHOOK_TIMEOUT\` | yes |
| 5xx, 408 | \`WEBHOOK_UNAVAILABLE\` | yes |
| 429 | \`WEBHOOK_RATE_LIMITED\` | yes (details carry \`retryAfterMs\`) |
| other 4xx | \`WEBHOOK_REJECTED\` | no |
| no URL or secret | \`WEBHOOK_NOT_CONFIGURED\` | no |

Put a **queue** or **retry** node in front to retry retryable failures with backoff; permanent ones go to the dead letter.

### Ledger
Every attempt is recorded as a document: channel \`webhook\`, direction \`out\`, status \`sent\` (2xx) or \`failed\` (with the error and its code), the HTTP status,
the duration, the event as sent (masked) and the facts \`url\` (without user info or query string), \`eventType\` and \`eventId\`.
It belongs to \`msg.ledgerId\` when the message has one (e.g. the document that caused the event).
**Document type** names the business document the event carries: \`purchaseOrder\` records an outbound PO (status \`sent\`, its PO number as key), which the SLA sweep watches for an acknowledgement. Empty records a \`webhook-event\`.`,

  create(ctx, config) {
    const ledger = new WebhookLedger(ctx, config.documentType);
    const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8, headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs, connect: { timeout: config.timeoutMs } });
    const { partners, clock, settings } = ctx.services;

    async function target(partnerId: string): Promise<{ url: URL; secret: string; legacyV1: boolean }> {
      const partner = await partners.get(partnerId);
      const raw = resolveSettings(config.url || partner?.webhookUrl || '', settings);
      if (!raw) throw new NodeError('WEBHOOK_NOT_CONFIGURED', `no webhook URL: set url or the webhook URL of partner "${partnerId}"`, { details: [{ path: '$.url', message: 'is empty' }] });
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new NodeError('WEBHOOK_NOT_CONFIGURED', `webhook URL "${raw}" is not a URL`, { details: [{ path: '$.url', message: 'is not a URL' }] });
      }
      const secret = await partners.webhookSecret(partnerId);
      if (!secret) throw new NodeError('WEBHOOK_NOT_CONFIGURED', `partner "${partnerId}" is unknown, suspended or has no webhook secret`, { details: [{ path: '$.partnerId', message: 'no webhook secret' }] });
      return { url, secret, legacyV1: partner?.legacyV1Signatures === true };
    }

    async function deliver(msg: TradelaneMessage, attempt: WebhookAttempt): Promise<TradelaneMessage> {
      const partnerId = attempt.partnerId ?? '';
      if (!partnerId) throw new NodeError('WEBHOOK_NOT_CONFIGURED', 'no partner: set partnerId or msg.partnerId', { details: [{ path: '$.partnerId', message: 'is empty and msg.partnerId is not set' }] });
      const type = eventTypeFor(msg, config.eventType);
      attempt.eventType = type;
      const { url, secret, legacyV1 } = await target(partnerId);
      attempt.url = url;
      const id = eventIdFor(msg, type);
      attempt.eventId = id;
      const event: WebhookEvent = { id, type, occurredAt: new Date(clock.now()).toISOString(), partnerId, correlationId: msg.correlationId, data: msg.payload };
      attempt.event = event;
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(clock.now() / 1000));
      const signed = { timestamp, method: 'POST', path: url.pathname, idempotencyKey: id, correlationId: msg.correlationId, body };
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-correlation-id': msg.correlationId,
        'x-tradelane-event': type,
        'x-tradelane-event-id': id,
        'idempotency-key': id,
        [config.timestampHeader.toLowerCase()]: timestamp,
        // v1 only while a partner migrates (its compatibility switch), so both directions move to v2 together.
        [config.signatureHeader.toLowerCase()]: legacyV1 ? signLegacyV1(secret, timestamp, body) : signRequest(secret, signed),
      };
      const started = performance.now();
      const info: WebhookResultInfo = { status: null, url: url.href, eventId: id, durationMs: 0 };
      msg.webhook = info;
      const response = await sendWebhook(agent, url, headers, body, config.timeoutMs).finally(() => {
        info.durationMs = Math.round(performance.now() - started);
        attempt.durationMs = info.durationMs;
      });
      info.status = response.status;
      attempt.httpStatus = response.status;
      const failure = classifyWebhookStatus(response, url.href);
      if (failure) throw failure;
      return msg;
    }

    return {
      async onInput(msg) {
        const partnerId = config.partnerId || (typeof msg.partnerId === 'string' ? msg.partnerId : '');
        const attempt: WebhookAttempt = { msg, ...(partnerId ? { partnerId } : {}) };
        try {
          const delivered = await deliver(msg, attempt);
          ledger.attempt(attempt);
          return delivered;
        } catch (error) {
          ledger.attempt({ ...attempt, error });
          throw error;
        }
      },
      async onClose() {
        await agent.close();
      },
    };
  },
});

/** Replaces ${NAME} from the runtime settings (the environment variables flows may read); an unset name leaves the URL empty. */
function resolveSettings(value: string, settings: Readonly<Record<string, string | undefined>>): string {
  let missing = false;
  const resolved = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const found = settings[name];
    if (!found) missing = true;
    return found ?? '';
  });
  return missing ? '' : resolved;
}
