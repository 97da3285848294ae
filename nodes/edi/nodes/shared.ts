// Helpers the EDI nodes share: reading EDI text from a message, the persisted control-number source, partner id maps.
import type { JSONSchema, KeyValueStore, NodeContext, TradelaneMessage } from '../../sdk/index.js';
import { NodeError } from '../../sdk/index.js';
import { KeyValueControlNumbers } from '../control-numbers.js';

/** The key-value namespace that holds control-number sequences (one per partner and envelope level). */
export const CONTROL_NUMBER_NAMESPACE = 'edi-control-numbers';

const sources = new WeakMap<KeyValueStore, KeyValueControlNumbers>();

/** One source per store, so every node of a runtime shares the same in-process ordering of increments. */
export function controlNumbersFor(context: NodeContext): KeyValueControlNumbers {
  const store = context.services.keyValue(CONTROL_NUMBER_NAMESPACE);
  let source = sources.get(store);
  if (!source) sources.set(store, (source = new KeyValueControlNumbers(store)));
  return source;
}

/** Reads a dotted message property ("payload", "req.body"). */
export function readProperty(msg: TradelaneMessage, path: string): unknown {
  let value: unknown = msg;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The EDI input: text as is, bytes handed to parseEdi undecoded (it decodes UNOC as Latin-1 and keeps byte offsets exact). */
export function ediText(msg: TradelaneMessage, property: string): string | Buffer {
  const value = readProperty(msg, property);
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value;
  throw new NodeError('EDI_NO_INPUT', `msg.${property} must be EDI text (a string or a Buffer), got ${value === null ? 'null' : typeof value}`);
}

export interface PartnerIdRule {
  partnerId: string;
  /** ISA06 / UNB sender id of inbound interchanges (and ISA08 / UNB recipient for outbound). */
  interchangeId: string;
  /** Qualifier to match or to write; empty matches any. */
  qualifier?: string;
  /** Inbound only: also require this recipient id (one of our own ids), when one runtime trades under several ids. */
  receiverId?: string;
}

export const partnerRulesSchema: JSONSchema = {
  title: 'Partners',
  description: 'Maps interchange ids to Tradelane partner ids.',
  type: 'array',
  default: [],
  items: {
    type: 'object',
    required: ['partnerId', 'interchangeId'],
    additionalProperties: false,
    properties: {
      partnerId: { title: 'Partner id', type: 'string', minLength: 1 },
      interchangeId: { title: 'Interchange id', description: 'ISA06/ISA08 or UNB sender/recipient id.', type: 'string', minLength: 1 },
      qualifier: { title: 'Qualifier', description: 'ISA05/07 or UNB qualifier; empty matches any.', type: 'string' },
    },
  },
};

/** Inbound rules: the sender id picks the partner, optionally narrowed by the recipient id. */
export const inboundPartnerRulesSchema: JSONSchema = {
  ...partnerRulesSchema,
  description: 'Maps the interchange sender id (and optionally our recipient id) to a Tradelane partner id.',
  items: {
    ...(partnerRulesSchema.items as JSONSchema),
    properties: {
      ...(partnerRulesSchema.items as JSONSchema).properties,
      receiverId: { title: 'Our recipient id', description: 'Only match interchanges sent to this id (ISA08 / UNB recipient); empty matches any.', type: 'string' },
    },
  },
};

export function findPartner(rules: PartnerIdRule[], senderId: string, senderQualifier: string, receiverId?: string): PartnerIdRule | undefined {
  return rules.find((rule) => rule.interchangeId === senderId && (!rule.qualifier || rule.qualifier === senderQualifier) && (!rule.receiverId || rule.receiverId === receiverId));
}

/**
 * The one control-number sequence key for a partner, used by the generate and the parse node alike (850s out and 997s
 * back share ISA13): the Tradelane partner id when known, else the partner's interchange id.
 */
export function controlScopeFor(partnerId: string | undefined, partnerInterchangeId: string): string {
  return partnerId || partnerInterchangeId;
}
