// What a partner's receipt means for the message we sent: acknowledged, or failed with the partner's error modifier or a MIC that does not match.
import { NodeError, type LedgerError, type LedgerStatus } from '../../sdk/index.js';
import type { ReadMdn } from './mdn.js';

export interface ReceiptOutcome {
  status: Extract<LedgerStatus, 'acknowledged' | 'failed'>;
  facts: Record<string, string>;
  errors: LedgerError[];
  /** The error a send node throws for a failed receipt (never retryable: sending the same bytes again gets the same answer). */
  failure?: NodeError;
}

export function receiptOutcome(mdn: ReadMdn, micOk: boolean): ReceiptOutcome {
  const facts = { receipt: mdn.disposition.ok ? 'processed' : 'error', disposition: mdn.disposition.text.slice(0, 200) };
  if (!mdn.disposition.ok) {
    const message = `the partner could not process the message: ${mdn.disposition.modifier ?? mdn.disposition.text}${mdn.explanation ? ` (${mdn.explanation.slice(0, 200)})` : ''}`;
    return failed(facts, 'AS2_RECEIPT_ERROR', message, 'mdn.disposition');
  }
  if (!micOk) {
    return failed(facts, 'AS2_MIC_MISMATCH', `the receipt's Received-Content-MIC (${mdn.mic ?? 'none'}) is not the MIC of what we sent: the partner may have received other bytes`, 'mdn.received-content-mic');
  }
  return { status: 'acknowledged', facts, errors: [] };
}

function failed(facts: Record<string, string>, code: string, message: string, path: string): ReceiptOutcome {
  return { status: 'failed', facts, errors: [{ path, message, code }], failure: new NodeError(code, message, { retryable: false, details: [{ path, message }] }) };
}
