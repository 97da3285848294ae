// Messages we sent that wait for an asynchronous receipt: the send node files them, the receive node that gets the receipt settles them.
import type { KeyValueStore } from '../../sdk/index.js';

/** One namespace for the whole runtime: the receipt arrives at whichever AS2 receive node serves the partner. */
export const AWAITED_RECEIPTS_NAMESPACE = 'as2-awaited-receipts';
/** Partners send asynchronous receipts within minutes; a week covers outages on either side. */
export const AWAITED_RECEIPT_TTL_MS = 7 * 86_400_000;

export interface AwaitedReceipt {
  /** The ledger document of the message we sent. */
  documentId: string;
  /** What Received-Content-MIC must say. */
  mic: string;
  correlationId: string;
  partnerAs2Id: string;
  sentAt: number;
}

export class AwaitedReceipts {
  constructor(private readonly store: KeyValueStore) {}

  expect(messageId: string, receipt: AwaitedReceipt): Promise<void> {
    return this.store.set(messageId, receipt, { ttlMs: AWAITED_RECEIPT_TTL_MS });
  }

  /** The message a receipt answers, removed so a second copy of the receipt settles nothing. */
  async settle(messageId: string): Promise<AwaitedReceipt | undefined> {
    const awaited = await this.store.get<AwaitedReceipt>(messageId);
    if (awaited) await this.store.delete(messageId);
    return awaited;
  }
}
