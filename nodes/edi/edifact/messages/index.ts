// Registry of the supported EDIFACT messages, by UNH message type.
import { contrlMessage } from './contrl.js';
import { desadvMessage } from './desadv.js';
import { invoicMessage } from './invoic.js';
import { ordersMessage } from './orders.js';
import { ordrspMessage } from './ordrsp.js';
import type { EdifactMessageMapping } from './types.js';

/** Directories whose segment layouts these mappings follow; other releases are refused as UNSUPPORTED_VERSION. */
export const EDIFACT_RELEASES = ['96A', '01B'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous registry keyed by message type
export const edifactMessages: Readonly<Record<string, EdifactMessageMapping<any>>> = Object.freeze({
  ORDERS: ordersMessage,
  ORDRSP: ordrspMessage,
  DESADV: desadvMessage,
  INVOIC: invoicMessage,
  CONTRL: contrlMessage,
});

export { contrlMessage, desadvMessage, invoicMessage, ordersMessage, ordrspMessage };
export type { EdifactMessageMapping } from './types.js';
