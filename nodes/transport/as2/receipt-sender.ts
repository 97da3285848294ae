// Answers a received AS2 message with its receipt: in the HTTP answer (synchronous), posted to the partner's URL (asynchronous), or plain HTTP when none was asked for.
import { randomUUID } from 'node:crypto';
import type { Agent } from 'undici';
import { NodeError, type NodeContext, type OutboundResponse } from '../../sdk/index.js';
import type { As2Agreement, ReceiptRequest } from './as2-message.js';
import { messageIdDomain } from './as2-agreement.js';
import { classifyAs2Status, postAs2 } from './as2-http.js';
import { buildMdn, type BuiltMdn } from './mdn.js';

/** What the receipt says: processed, processed with a warning, or the error modifier naming what failed. */
export interface ReceiptVerdict {
  error?: string;
  warning?: string;
  explanation: string;
  mic?: string;
  /** The located details for a sender that asked for no receipt (plain HTTP answer). */
  details?: Array<{ path: string; message: string }>;
}

export interface ReceiptTarget {
  ourAs2Id: string;
  partnerAs2Id: string;
  originalMessageId: string;
  correlationId: string;
  documentId: string;
  request: ReceiptRequest;
  /** A receipt is posted to a URL only when the message was signed by the partner: the URL is the sender's to choose. */
  authenticated: boolean;
}

const ASYNC_ATTEMPT_DELAYS_MS = [0, 2000, 10_000];
const ASYNC_TIMEOUT_MS = 30_000;

export class ReceiptSender {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly ctx: NodeContext, private readonly agreement: As2Agreement, private readonly agent: Agent) {}

  answer(response: OutboundResponse, target: ReceiptTarget, verdict: ReceiptVerdict): void {
    const { request } = target;
    if (request.mode === 'none') return this.answerPlain(response, target, verdict);
    const mdn = this.mdnFor(target, verdict);
    if (request.mode === 'async' && request.url && target.authenticated) {
      response.send(200, Buffer.from('receipt follows asynchronously\r\n'), 'text/plain');
      this.recordReceipt(target, 'async-pending');
      this.postLater(request.url, mdn, target, 0);
      return;
    }
    for (const [name, value] of Object.entries(mdn.headers)) if (name !== 'Content-Type') response.header(name, value);
    response.send(200, mdn.body, mdn.headers['Content-Type']);
    this.recordReceipt(target, request.mode === 'async' ? 'sync-instead-of-async' : 'sync');
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private answerPlain(response: OutboundResponse, target: ReceiptTarget, verdict: ReceiptVerdict): void {
    if (verdict.error) {
      response.header('X-Correlation-Id', target.correlationId);
      response.send(400, { error: verdict.explanation, details: verdict.details ?? [{ path: 'as2', message: verdict.error }], correlationId: target.correlationId });
    } else {
      response.send(200, Buffer.from('processed\r\n'), 'text/plain');
    }
    this.recordReceipt(target, 'none');
  }

  private mdnFor(target: ReceiptTarget, verdict: ReceiptVerdict): BuiltMdn {
    const signWith = target.request.signed
      ? { certificate: this.agreement.ourCertificate, privateKey: this.agreement.ourPrivateKey, micAlgorithm: this.agreement.micAlgorithm }
      : undefined;
    return buildMdn({
      from: target.ourAs2Id, to: target.partnerAs2Id, originalMessageId: target.originalMessageId, explanation: asciiOnly(verdict.explanation),
      ...(verdict.mic ? { mic: verdict.mic } : {}), ...(verdict.error ? { error: verdict.error } : {}), ...(verdict.warning ? { warning: verdict.warning } : {}),
      ...(signWith ? { signWith } : {}),
    }, `${randomUUID()}@${messageIdDomain(target.ourAs2Id)}`);
  }

  private postLater(url: URL, mdn: BuiltMdn, target: ReceiptTarget, attempt: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.post(url, mdn, target, attempt);
    }, ASYNC_ATTEMPT_DELAYS_MS[attempt]);
    this.timers.add(timer);
  }

  private async post(url: URL, mdn: BuiltMdn, target: ReceiptTarget, attempt: number): Promise<void> {
    try {
      const answer = await postAs2(this.agent, url, mdn.headers, mdn.body, ASYNC_TIMEOUT_MS);
      const refused = classifyAs2Status(answer, url.href);
      if (refused) throw refused;
      this.recordReceipt(target, 'async-sent');
    } catch (error) {
      const failure = error instanceof NodeError ? error : new NodeError('AS2_UNAVAILABLE', String(error));
      if (failure.retryable && attempt + 1 < ASYNC_ATTEMPT_DELAYS_MS.length) return this.postLater(url, mdn, target, attempt + 1);
      this.ctx.log.error(`the asynchronous receipt for ${target.originalMessageId} could not be delivered to ${url.href}: ${failure.message}`);
      this.ctx.services.ledger.update({ documentId: target.documentId }, { facts: { receipt: 'async-failed' }, errors: [{ path: 'receipt', message: failure.message, code: failure.code }] });
    }
  }

  private recordReceipt(target: ReceiptTarget, receipt: string): void {
    this.ctx.services.ledger.update({ documentId: target.documentId }, { facts: { receipt } });
  }
}

/** Receipts are 7-bit text; an explanation quoting a partner's bytes must not break that. */
function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}
