// What a webhook delivery records in the ledger: one document per attempt, sent or failed, under the document that caused it.
import type { DocumentLedger, NodeContext, TradelaneMessage } from '../sdk/index.js';
import { businessKeysOf, keyFactsOf } from '../canonical/business-keys.js';
import { errorsOfThrown, ledgerIdOf } from '../canonical/ledger-facts.js';

/** Type of a delivery whose node names no business document type. */
export const WEBHOOK_EVENT_TYPE = 'webhook-event';

/** The URL without user info, query or fragment: those may hold credentials or tokens. */
export function recordableUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export interface WebhookAttempt {
  msg: TradelaneMessage;
  partnerId?: string;
  eventType?: string;
  eventId?: string;
  url?: URL;
  /** The event as sent (the envelope around msg.payload). */
  event?: unknown;
  httpStatus?: number | null;
  durationMs?: number;
  error?: unknown;
}

export class WebhookLedger {
  private readonly ledger: DocumentLedger;

  constructor(private readonly ctx: NodeContext, private readonly documentType: string) {
    this.ledger = ctx.services.ledger;
  }

  /** Records one attempt: sent on 2xx, failed with its errors otherwise (including failures before anything was sent). */
  attempt(attempt: WebhookAttempt): string {
    const { msg } = attempt;
    const parentId = ledgerIdOf(msg);
    const documentType = this.documentType || WEBHOOK_EVENT_TYPE;
    const facts: Record<string, string> = { ...keyFactsOf(this.documentType, msg.payload) };
    if (attempt.url) facts.url = recordableUrl(attempt.url);
    if (attempt.eventType) facts.eventType = attempt.eventType;
    if (attempt.eventId) facts.eventId = attempt.eventId;
    return this.ledger.record({
      direction: 'out', channel: 'webhook', documentType, status: attempt.error === undefined ? 'sent' : 'failed', correlationId: msg.correlationId,
      flowId: this.ctx.flowId, nodeId: this.ctx.nodeId, keys: businessKeysOf(this.documentType, msg.payload), facts,
      ...(attempt.partnerId ? { partnerId: attempt.partnerId } : {}),
      ...(parentId ? { parentId } : {}),
      ...(attempt.event !== undefined ? { raw: attempt.event } : {}),
      ...(typeof attempt.httpStatus === 'number' ? { httpStatus: attempt.httpStatus } : {}),
      ...(attempt.durationMs !== undefined ? { durationMs: attempt.durationMs } : {}),
      ...(attempt.error !== undefined ? { errors: this.errorsOf(attempt.error, attempt.url) } : {}),
    });
  }

  /** Error messages name the URL as it was called; the ledger keeps it without user info or query. */
  private errorsOf(error: unknown, url: URL | undefined) {
    const errors = errorsOfThrown(error);
    if (!url || url.href === recordableUrl(url)) return errors;
    return errors.map((entry) => ({ ...entry, message: entry.message.split(url.href).join(recordableUrl(url)) }));
  }
}
