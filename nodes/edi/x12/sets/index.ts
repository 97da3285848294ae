// Registry of the supported X12 transaction sets, by ST01.
import { invoice810 } from './invoice-810.js';
import { poAcknowledgement855 } from './po-acknowledgement-855.js';
import { purchaseOrder850 } from './purchase-order-850.js';
import { shipNotice856 } from './ship-notice-856.js';
import { functionalAck997 } from './functional-ack-997.js';
import type { X12SetMapping } from './types.js';

export const X12_VERSIONS = ['004010', '005010'] as const;

// The registry holds mappings of different document types; callers pick by set id and pass the matching document.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous registry keyed by ST01
export const x12Sets: Readonly<Record<string, X12SetMapping<any>>> = Object.freeze({
  '850': purchaseOrder850,
  '855': poAcknowledgement855,
  '856': shipNotice856,
  '810': invoice810,
  '997': functionalAck997,
});

export { invoice810, poAcknowledgement855, purchaseOrder850, shipNotice856, functionalAck997 };
export type { X12SetMapping } from './types.js';
