// Where alerts go besides the app: a webhook signed with HMAC-SHA256 over the body, and e-mail through SMTP (nodemailer).
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Alert } from './alert-store.js';

/** One delivery channel; send throws when the alert did not get through (it is retried with backoff). */
export interface AlertChannel {
  readonly name: string;
  /** Where it sends, for the outbox row and the API: never a secret. */
  readonly target: string;
  send(alert: Alert, attempt: number): Promise<void>;
}

/** Header names of alert webhooks; receivers verify the signature and drop repeats by the alert id. */
export const ALERT_WEBHOOK_HEADERS = {
  alertId: 'X-Tradelane-Alert-Id',
  signature: 'X-Tradelane-Alert-Signature',
  attempt: 'X-Tradelane-Delivery-Attempt',
  event: 'X-Tradelane-Event',
} as const;

export const ALERT_RAISED_EVENT = 'alert.raised';

/** "sha256=" + hex HMAC-SHA256 of the exact body bytes. */
export function signAlertBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The webhook's origin and path: a token in its query string stays out of the API and the logs. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export interface WebhookChannelOptions {
  url: string;
  secret: () => Promise<string>;
  timeoutMs?: number;
  now?: () => number;
}

export class WebhookAlertChannel implements AlertChannel {
  readonly name = 'webhook';
  readonly target: string;

  constructor(private readonly options: WebhookChannelOptions) {
    this.target = describeUrl(options.url);
  }

  async send(alert: Alert, attempt: number): Promise<void> {
    const body = JSON.stringify({ type: ALERT_RAISED_EVENT, sentAt: new Date((this.options.now ?? Date.now)()).toISOString(), alert });
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [ALERT_WEBHOOK_HEADERS.alertId]: alert.id,
        'idempotency-key': alert.id,
        [ALERT_WEBHOOK_HEADERS.event]: ALERT_RAISED_EVENT,
        [ALERT_WEBHOOK_HEADERS.attempt]: String(attempt),
        [ALERT_WEBHOOK_HEADERS.signature]: signAlertBody(await this.options.secret(), body),
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      redirect: 'error',
    });
    // Read the body so the connection is released; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
  }
}

export interface EmailChannelOptions {
  /** smtp:// or smtps:// URL, possibly with credentials: used for the transport only, never shown. */
  smtpUrl: string;
  from: string;
  to: readonly string[];
  timeoutMs?: number;
}

function emailText(alert: Alert): string {
  const lines = [
    alert.subject, '',
    ...(alert.message ? [alert.message, ''] : []),
    `Kind:      ${alert.kind}`,
    `Severity:  ${alert.severity}`,
    ...(alert.partnerId ? [`Partner:   ${alert.partnerId}`] : []),
    ...(alert.poNumber ? [`PO number: ${alert.poNumber}`] : []),
    ...(alert.documentId ? [`Document:  ${alert.documentId} (${alert.documentType ?? 'document'})`] : []),
    ...(alert.dueAt ? [`Due:       ${alert.dueAt}`] : []),
    `Raised:    ${alert.raisedAt}`,
    `Alert id:  ${alert.id}`,
    '', 'Acknowledge or resolve it in Tradelane (Operations > Alerts) or with POST /api/alerts/{id}/acknowledge.',
  ];
  return lines.join('\n');
}

export class EmailAlertChannel implements AlertChannel {
  readonly name = 'email';
  readonly target: string;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    this.target = options.to.join(', ');
    const timeout = options.timeoutMs ?? 15_000;
    this.transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  async send(alert: Alert): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: [...this.options.to],
      subject: `[Tradelane ${alert.severity}] ${alert.subject}`,
      text: emailText(alert),
      // The same Message-ID on every try: a mail system that got a repeat can drop it.
      messageId: `<${alert.id}@tradelane.alerts>`,
      headers: { [ALERT_WEBHOOK_HEADERS.alertId]: alert.id },
    });
  }

  close(): void {
    this.transport.close();
  }
}
