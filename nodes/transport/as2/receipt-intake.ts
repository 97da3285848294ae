// An asynchronous receipt posted to our AS2 endpoint: checked, matched to the message we sent, and its verdict written on that message's ledger document.
import { NodeError, type NodeContext, type OutboundResponse } from '../../sdk/index.js';
import type { As2Agreement } from './as2-message.js';
import type { LedgerBase } from './as2-receiver.js';
import type { AwaitedReceipts } from './awaited-receipts.js';
import { micMatches, readMdn, type ReadMdn } from './mdn.js';
import { receiptOutcome } from './receipt-outcome.js';

export class ReceiptIntake {
  constructor(
    private readonly ctx: NodeContext,
    private readonly partnerId: string,
    private readonly agreement: As2Agreement,
    private readonly awaited: AwaitedReceipts,
  ) {}

  async receive(headers: Record<string, string | undefined>, body: Buffer, base: LedgerBase, response: OutboundResponse): Promise<void> {
    const ledger = this.ctx.services.ledger;
    const receiptBase = { ...base, documentType: 'as2-receipt', raw: body.toString('latin1') };
    let mdn: ReadMdn;
    try {
      mdn = readMdn(headers['content-type'], body, this.agreement.partnerCertificate);
      if (this.agreement.sign && !mdn.signed) throw new NodeError('AS2_MDN_INVALID', 'the agreement requires signed receipts; this one is unsigned', { details: [{ path: 'mdn', message: 'is not signed' }] });
    } catch (error) {
      const failure = error instanceof NodeError ? error : new NodeError('AS2_MDN_INVALID', String(error));
      ledger.record({ ...receiptBase, status: 'refused', httpStatus: 400, errors: [{ path: 'mdn', message: failure.message, code: failure.code }] });
      response.send(400, { error: failure.message, details: [{ path: 'mdn', message: failure.message }], correlationId: base.correlationId });
      return;
    }
    const awaited = mdn.originalMessageId ? await this.awaited.settle(mdn.originalMessageId) : undefined;
    if (!awaited) {
      const message = `no message ${mdn.originalMessageId ?? '(no Original-Message-ID)'} is waiting for a receipt from this partner: already settled, expired, or never sent`;
      ledger.record({ ...receiptBase, status: 'refused', errors: [{ path: 'mdn.original-message-id', message }] });
      this.ctx.log.warn(message);
      response.send(200, Buffer.from('receipt not expected\r\n'), 'text/plain');
      return;
    }
    const outcome = receiptOutcome(mdn, micMatches(awaited.mic, mdn.mic));
    ledger.record({ ...receiptBase, correlationId: awaited.correlationId, status: 'accepted', parentId: awaited.documentId, facts: { ...base.facts, disposition: mdn.disposition.text } });
    ledger.update({ documentId: awaited.documentId }, { status: outcome.status, facts: outcome.facts, ...(outcome.errors.length ? { errors: outcome.errors } : {}) });
    this.ctx.log.info(`receipt for ${mdn.originalMessageId}${this.partnerId ? ` from ${this.partnerId}` : ''}: ${mdn.disposition.text}`);
    response.send(200, Buffer.from('receipt received\r\n'), 'text/plain');
  }
}
