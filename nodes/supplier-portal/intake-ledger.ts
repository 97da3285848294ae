// What partner intake records in the ledger: every request, refused (with its status and located errors) or received, and how the flow answered it.
import type { DocumentLedger, EarlyAnswer, InboundHead, InboundRequest, LedgerDocumentInput, LedgerError } from '../sdk/index.js';
import { businessKeysOf, keyFactsOf } from '../canonical/business-keys.js';
import { answerErrors } from '../canonical/ledger-facts.js';
import { headerValue } from './partner-auth.js';

/** Type of a request whose document type the endpoint does not name (the validate or EDI parse node may name it later). */
export const UNTYPED_REQUEST = 'http-request';

export interface IntakeLedgerSettings {
  partnerId: string;
  flowId: string;
  nodeId: string;
  /** The endpoint path, /partners/{partnerId}/{path}. */
  path: string;
  /** What this endpoint receives (a ledger type such as acknowledgement), '' when not known. */
  documentType: string;
}

function contentLength(head: InboundHead): number | undefined {
  const length = Number(headerValue(head, 'content-length'));
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

function reasonOf(answer: EarlyAnswer): string {
  const error = (answer.body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error.slice(0, 200) : `HTTP ${answer.status}`;
}

/** Statuses of an answer: 2xx and 3xx accept the document, 4xx refuse it, 5xx mean it failed on our side (the partner retries). */
export function statusOfAnswer(httpStatus: number): 'accepted' | 'refused' | 'failed' {
  if (httpStatus >= 500) return 'failed';
  return httpStatus >= 400 ? 'refused' : 'accepted';
}

export class IntakeLedger {
  constructor(private readonly ledger: DocumentLedger, private readonly settings: IntakeLedgerSettings) {}

  private base(head: InboundHead, correlationId: string): LedgerDocumentInput {
    const idempotencyKey = headerValue(head, 'idempotency-key');
    const contentType = headerValue(head, 'content-type');
    const facts: Record<string, string> = { path: this.settings.path };
    if (contentType) facts.contentType = contentType.slice(0, 100);
    if (idempotencyKey) facts.idempotencyKey = idempotencyKey.slice(0, 128);
    return {
      direction: 'in', channel: 'intake', documentType: this.settings.documentType || UNTYPED_REQUEST, status: 'received', correlationId,
      partnerId: this.settings.partnerId, flowId: this.settings.flowId, nodeId: this.settings.nodeId, facts,
    };
  }

  /** A request refused on its head (headers, API key): its body was never read, so only its declared size is known. */
  refusedUnread(head: InboundHead, answer: EarlyAnswer, correlationId: string): void {
    const input = this.refusal(this.base(head, correlationId), answer);
    const size = contentLength(head);
    this.ledger.record(size === undefined ? input : { ...input, sizeBytes: size });
  }

  /** A request refused once its body was read (signature, content type, parse errors, nesting): the body is kept for support. */
  refusedRead(request: InboundRequest, answer: EarlyAnswer, correlationId: string): void {
    this.ledger.record({ ...this.refusal(this.base(request, correlationId), answer), raw: request.body.toString('utf8'), sizeBytes: request.body.length });
  }

  /** A request that entered the flow; returns its ledger id for msg.ledgerId. */
  received(request: InboundRequest, payload: unknown, format: string, correlationId: string): string {
    const input = this.base(request, correlationId);
    const documentType = this.settings.documentType || undefined;
    const keys = businessKeysOf(documentType, payload);
    return this.ledger.record({
      ...input, raw: request.body.toString('utf8'), sizeBytes: request.body.length, keys,
      facts: { ...input.facts, format, ...keyFactsOf(documentType, payload) },
    });
  }

  /** The flow answered: the final HTTP status decides (a later status, e.g. posted, is kept by the ledger's precedence). */
  answered(documentId: string, httpStatus: number, body: unknown): void {
    const status = statusOfAnswer(httpStatus);
    const errors: LedgerError[] = status === 'accepted' ? [] : answerErrors(body);
    this.ledger.update({ documentId }, { status, httpStatus, ...(errors.length ? { errors } : {}) });
  }

  /**
   * Nothing answered in time: the partner got 504, but the message may still be on its way (a slow ERP), so the
   * document is failed rather than refused; a later post still moves it on.
   */
  timedOut(documentId: string, answer: EarlyAnswer): void {
    this.ledger.update({ documentId }, { status: 'failed', httpStatus: answer.status, errors: answerErrors(answer.body), facts: { timedOut: true } });
  }

  private refusal(input: LedgerDocumentInput, answer: EarlyAnswer): LedgerDocumentInput {
    return { ...input, status: 'refused', httpStatus: answer.status, errors: answerErrors(answer.body), facts: { ...input.facts, reason: reasonOf(answer) } };
  }
}

