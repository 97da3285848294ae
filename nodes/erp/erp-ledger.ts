// What an ERP post records in the ledger: the post as a child of the document it posts, and posted or failed on that document.
import type { NodeContext, TradelaneMessage } from '../sdk/index.js';
import { businessKeysOf, keyFactsOf } from '../canonical/business-keys.js';
import { errorsOfThrown, ledgerIdOf } from '../canonical/ledger-facts.js';

/** Type of a post whose node names no document type and whose message carries none. */
export const ERP_DOCUMENT_TYPE = 'erp-document';

export interface ErpPostOutcome {
  method: string;
  /** The ERP path as posted; its query string is not recorded (it may carry tokens). */
  path?: string;
  idempotencyKey?: string;
  /** The posted document (msg.payload before the ERP's answer replaced it). */
  posted: unknown;
  httpStatus?: number | null;
  durationMs: number;
  reference?: string | null;
  replayed?: boolean;
  error?: unknown;
}

export class ErpLedger {
  constructor(private readonly ctx: NodeContext, private readonly documentType: string, private readonly adapter: string) {}

  /** The posted document's type: the node's setting, else what the message says (intake, validate, EDI parse). */
  typeOf(msg: TradelaneMessage): string {
    if (this.documentType) return this.documentType;
    return typeof msg.documentType === 'string' && msg.documentType ? msg.documentType : ERP_DOCUMENT_TYPE;
  }

  record(msg: TradelaneMessage, outcome: ErpPostOutcome): void {
    const parentId = ledgerIdOf(msg);
    const documentType = this.typeOf(msg);
    const failed = outcome.error !== undefined;
    const errors = failed ? errorsOfThrown(outcome.error) : [];
    this.ctx.services.ledger.record({
      direction: 'out', channel: 'erp', documentType, status: failed ? 'failed' : 'posted', correlationId: msg.correlationId,
      flowId: this.ctx.flowId, nodeId: this.ctx.nodeId, keys: businessKeysOf(documentType, outcome.posted), raw: outcome.posted, durationMs: outcome.durationMs,
      facts: this.factsOf(documentType, outcome),
      ...(typeof msg.partnerId === 'string' && msg.partnerId ? { partnerId: msg.partnerId } : {}),
      ...(parentId ? { parentId } : {}),
      ...(typeof outcome.httpStatus === 'number' ? { httpStatus: outcome.httpStatus } : {}),
      ...(failed ? { errors } : {}),
    });
    if (parentId) this.ctx.services.ledger.update({ documentId: parentId }, failed ? { status: 'failed', errors } : { status: 'posted', ...(outcome.reference ? { facts: { erpReference: outcome.reference } } : {}) });
  }

  private factsOf(documentType: string, outcome: ErpPostOutcome): Record<string, string | boolean> {
    const facts: Record<string, string | boolean> = { method: outcome.method, adapter: this.adapter, ...keyFactsOf(documentType, outcome.posted) };
    if (outcome.path) facts.path = outcome.path.split('?')[0]!;
    if (outcome.idempotencyKey) facts.idempotencyKey = outcome.idempotencyKey;
    if (outcome.reference) facts.erpReference = outcome.reference;
    if (outcome.replayed) facts.replayed = true;
    return facts;
  }
}
