// One POST to an AS2 receive endpoint: a partner's message is opened, sent downstream and answered with its receipt; a receipt for one of our messages settles it.
import { randomUUID } from 'node:crypto';
import { LEDGER_ID_PROPERTY, NodeError, type InboundRequest, type KeyValueStore, type LedgerDocumentInput, type NodeContext, type OutboundResponse, type TradelaneMessage } from '../../sdk/index.js';
import { envelopeOf, openAs2, receiptRequestOf, type As2Agreement, type OpenedAs2, type ReceiptRequest } from './as2-message.js';
import { AWAITED_RECEIPTS_NAMESPACE, AwaitedReceipts } from './awaited-receipts.js';
import { isReceipt } from './mdn.js';
import { ReceiptIntake } from './receipt-intake.js';
import type { ReceiptSender, ReceiptVerdict } from './receipt-sender.js';

export interface As2InSettings {
  partnerId: string;
  ourAs2Id: string;
  partnerAs2Id: string;
  encoding: 'utf8' | 'latin1' | 'buffer';
  ackTimeoutMs: number;
}

/** Message-IDs of processed messages are kept this long: a partner resending within it gets `duplicate-document`. */
const PROCESSED_TTL_MS = 30 * 86_400_000;
const CORRELATION_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

type Headers = Record<string, string | undefined>;

function singleValued(headers: InboundRequest['headers']): Headers {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]));
}

/** Only headers that name the exchange are kept in the ledger: never anything that could carry a credential. */
function exchangeFacts(headers: Headers): Record<string, string> {
  const facts: Record<string, string> = {};
  for (const name of ['as2-from', 'as2-to', 'message-id', 'content-type', 'subject']) if (headers[name]) facts[name] = headers[name]!.slice(0, 200);
  return facts;
}

export class As2Receiver {
  private readonly receipts: ReceiptIntake;

  constructor(
    private readonly ctx: NodeContext,
    private readonly settings: As2InSettings,
    private readonly agreement: As2Agreement,
    private readonly processed: KeyValueStore,
    private readonly sender: ReceiptSender,
  ) {
    this.receipts = new ReceiptIntake(ctx, settings.partnerId, agreement, new AwaitedReceipts(ctx.services.keyValue(AWAITED_RECEIPTS_NAMESPACE)));
  }

  async handle(request: InboundRequest, response: OutboundResponse): Promise<void> {
    const headers = singleValued(request.headers);
    const correlationId = headers['x-correlation-id'] && CORRELATION_ID.test(headers['x-correlation-id']) ? headers['x-correlation-id'] : randomUUID();
    const base = this.ledgerBase(headers, correlationId, request.body.length);
    let envelope: ReturnType<typeof envelopeOf>;
    let receiptRequest: ReceiptRequest;
    try {
      envelope = envelopeOf(headers);
      receiptRequest = receiptRequestOf(headers);
      await this.checkSender(envelope);
    } catch (error) {
      return this.refuse(response, base, error);
    }
    if (isReceipt(headers['content-type'], request.body)) return this.receipts.receive(headers, request.body, base, response);
    const target = { ourAs2Id: this.settings.ourAs2Id, partnerAs2Id: this.settings.partnerAs2Id, originalMessageId: envelope.messageId, correlationId, request: receiptRequest };
    let opened: OpenedAs2;
    try {
      opened = openAs2(headers, request.body, this.agreement);
    } catch (error) {
      const failure = asNodeError(error);
      const disposition = dispositionOf(failure);
      const documentId = this.ctx.services.ledger.record({ ...base, status: 'refused', errors: [{ path: 'as2', message: failure.message, code: failure.code, disposition }] });
      return this.sender.answer(response, { ...target, documentId, authenticated: false }, { error: disposition, explanation: failure.message, details: [{ path: 'as2', message: failure.message }] });
    }
    const documentId = this.ctx.services.ledger.record({
      ...base, status: 'received', raw: opened.payload.toString(this.settings.encoding === 'buffer' ? 'latin1' : this.settings.encoding),
      facts: { ...base.facts, signed: opened.signed, encrypted: opened.encrypted, mic: opened.mic, ...(opened.filename ? { filename: opened.filename } : {}) },
    });
    const verdict = await this.process(opened, { ...target, documentId });
    this.sender.answer(response, { ...target, documentId, authenticated: opened.signed }, verdict);
  }

  /** The partner the agreement names, under its AS2 name, and not suspended. */
  private async checkSender(envelope: { from: string; to: string }): Promise<void> {
    if (envelope.from !== this.settings.partnerAs2Id) throw refusal('header.as2-from', `this endpoint receives from "${this.settings.partnerAs2Id}", not "${envelope.from}"`);
    if (envelope.to !== this.settings.ourAs2Id) throw refusal('header.as2-to', `this endpoint receives for "${this.settings.ourAs2Id}", not "${envelope.to}"`);
    if (!this.settings.partnerId) return;
    const partner = await this.ctx.services.partners.get(this.settings.partnerId);
    if (partner?.status === 'suspended') throw refusal('partner', `partner ${this.settings.partnerId} is suspended`);
  }

  /** A request that is no AS2 message for this agreement: a located JSON answer, and a refused document in the ledger. */
  private refuse(response: OutboundResponse, base: LedgerBase, error: unknown): void {
    const failure = asNodeError(error);
    const status = failure.code === 'AS2_UNKNOWN_PARTNER' ? 403 : 400;
    const details = Array.isArray(failure.details) ? failure.details as Array<{ path: string; message: string }> : [{ path: 'as2', message: failure.message }];
    this.ctx.services.ledger.record({ ...base, status: 'refused', httpStatus: status, errors: details.map((detail) => ({ ...detail, code: failure.code })) });
    response.header('X-Correlation-Id', base.correlationId);
    response.send(status, { error: failure.message, details, correlationId: base.correlationId });
  }

  /** Skips a duplicate, sends the message downstream, and waits for its path; the verdict is what its receipt says. */
  private async process(opened: OpenedAs2, target: { originalMessageId: string; correlationId: string; documentId: string }): Promise<ReceiptVerdict> {
    const ledger = this.ctx.services.ledger;
    if (await this.processed.get(target.originalMessageId)) {
      ledger.update({ documentId: target.documentId }, { status: 'refused', errors: [{ path: 'header.message-id', message: `message ${target.originalMessageId} was already received and processed; not processed again` }], facts: { duplicate: true } });
      return { warning: 'duplicate-document', explanation: 'This message was received before and is not processed again.', mic: opened.mic };
    }
    const outcome = await this.ctx.services.deliveries.dispatch(this.messageFor(opened, target), (sent) => this.ctx.send(sent), { timeoutMs: this.settings.ackTimeoutMs });
    if (!outcome.ok) {
      const { code, message, nodeId } = outcome.failure;
      ledger.update({ documentId: target.documentId }, { status: 'failed', errors: [{ path: 'as2', message, code, nodeId }] });
      return { error: 'unexpected-processing-error', explanation: `The message could not be processed (${code}).`, details: [{ path: 'as2', message: `${code}: ${message}` }] };
    }
    await this.processed.set(target.originalMessageId, true, { ttlMs: PROCESSED_TTL_MS });
    ledger.update({ documentId: target.documentId }, { status: 'accepted' });
    return { explanation: 'The message was received and processed.', mic: opened.mic };
  }

  private messageFor(opened: OpenedAs2, target: { originalMessageId: string; correlationId: string; documentId: string }): TradelaneMessage {
    return {
      payload: this.settings.encoding === 'buffer' ? opened.payload : opened.payload.toString(this.settings.encoding),
      correlationId: target.correlationId, [LEDGER_ID_PROPERTY]: target.documentId, contentType: opened.contentType,
      as2: { from: this.settings.partnerAs2Id, to: this.settings.ourAs2Id, messageId: target.originalMessageId, signed: opened.signed, encrypted: opened.encrypted, mic: opened.mic },
      ...(opened.filename ? { filename: opened.filename } : {}), ...(this.settings.partnerId ? { partnerId: this.settings.partnerId } : {}),
    } as TradelaneMessage;
  }

  private ledgerBase(headers: Headers, correlationId: string, sizeBytes: number): LedgerBase {
    return {
      direction: 'in', channel: 'as2', documentType: 'as2-message', correlationId, flowId: this.ctx.flowId, nodeId: this.ctx.nodeId, sizeBytes,
      facts: exchangeFacts(headers), ...(this.settings.partnerId ? { partnerId: this.settings.partnerId } : {}),
    };
  }
}

export type LedgerBase = Omit<LedgerDocumentInput, 'status'> & { facts: Record<string, string | number | boolean> };

function asNodeError(error: unknown): NodeError {
  return error instanceof NodeError ? error : new NodeError('AS2_FAILED', String(error));
}

function dispositionOf(failure: NodeError): string {
  const [detail] = Array.isArray(failure.details) ? failure.details as Array<{ disposition?: unknown }> : [];
  return typeof detail?.disposition === 'string' ? detail.disposition : 'unexpected-processing-error';
}

/** Answered 403: the request is not from the partner this endpoint serves. */
function refusal(path: string, message: string): NodeError {
  return new NodeError('AS2_UNKNOWN_PARTNER', message, { retryable: false, details: [{ path, message }] });
}
