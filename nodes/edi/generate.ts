// generateEdi(): canonical documents -> one X12 interchange or EDIFACT interchange, with control numbers from a sequence source.
import { EdiError } from './edi-error.js';
import { validateCanonical } from '../canonical/canonical-validator.js';
import { MemoryControlNumbers, type ControlNumberSource } from './control-numbers.js';
import { MappingContext } from './mapping/values.js';
import { x12Sets } from './x12/sets/index.js';
import { writeX12Interchange } from './x12/writer.js';
import type { X12Delimiters } from './x12/delimiters.js';
import { edifactMessages } from './edifact/messages/index.js';
import { writeEdifactInterchange } from './edifact/writer.js';
import type { EdifactDelimiters } from './edifact/delimiters.js';
import type { EdiStandard } from './parse.js';

export const X12_TYPES = ['850', '855', '856', '810', '997'] as const;
export const EDIFACT_TYPES = ['ORDERS', 'ORDRSP', 'DESADV', 'INVOIC', 'CONTRL'] as const;
export type EdiDocumentType = (typeof X12_TYPES)[number] | (typeof EDIFACT_TYPES)[number];

export interface PartyIdentity {
  id: string;
  /** ISA05/07 qualifier (default "ZZ") or UNB partner qualifier (e.g. "14" for GLN; default none). */
  qualifier?: string;
}

export interface EdiGenerateOptions {
  type: EdiDocumentType;
  /** X12: "004010" (default) or "005010"; EDIFACT: "D.96A" (default) or "D.01B" ("D96A", "96A" also accepted). */
  version?: string;
  /** The canonical document to write; use `documents` to put several sets of one type in one interchange. */
  document?: unknown;
  documents?: unknown[];
  sender: PartyIdentity;
  receiver: PartyIdentity;
  /** X12 GS02/GS03 application codes; default the ISA ids. */
  groupSenderCode?: string;
  groupReceiverCode?: string;
  /** Where control numbers come from; default an in-memory sequence starting at 1. */
  controlNumbers?: ControlNumberSource;
  /** Sequence name; default "<sender id>><receiver id>". */
  controlScope?: string;
  /** Test interchange: ISA15 "T" / UNB 0035 "1" (default false: production). */
  test?: boolean;
  ackRequested?: boolean;
  timestamp?: Date;
  x12Delimiters?: Partial<X12Delimiters>;
  edifactDelimiters?: Partial<EdifactDelimiters>;
  /** EDIFACT: write UNA (default only when the service characters differ from the defaults). */
  una?: boolean;
  /** Written after each segment, e.g. "\n". */
  lineBreak?: string;
  /** EDIFACT association assigned code in UNH S009 (e.g. "EAN008"). */
  associationCode?: string;
  /** EDIFACT controlling agency in UNH S009 (default "UN"). */
  agency?: string;
}

export interface EdiGenerateResult {
  standard: EdiStandard;
  type: EdiDocumentType;
  /** "004010", "005010", "D.96A" or "D.01B". */
  version: string;
  text: string;
  interchangeControlNumber: string;
  groupControlNumber?: string;
  /** ST02 / UNH 0062 of each written set, in order. */
  transactionControlNumbers: string[];
}

/** Writes canonical documents as EDI. Throws EdiError (INVALID_DOCUMENT, UNSUPPORTED_*, DELIMITER_IN_VALUE) when it cannot. */
export async function generateEdi(options: EdiGenerateOptions): Promise<EdiGenerateResult> {
  const documents = options.documents ?? (options.document === undefined ? [] : [options.document]);
  if (!documents.length) throw new EdiError('INVALID_DOCUMENT', 'nothing to generate: pass document or documents');
  if (!options.sender?.id || !options.receiver?.id) throw new EdiError('INVALID_DOCUMENT', 'sender.id and receiver.id are required');
  const numbers = options.controlNumbers ?? new MemoryControlNumbers();
  const scope = options.controlScope ?? `${options.sender.id}>${options.receiver.id}`;
  if ((X12_TYPES as readonly string[]).includes(options.type)) return generateX12(options, documents, numbers, scope);
  if ((EDIFACT_TYPES as readonly string[]).includes(options.type)) return generateEdifact(options, documents, numbers, scope);
  throw new EdiError('UNSUPPORTED_TRANSACTION', `cannot generate "${String(options.type)}"; supported: ${[...X12_TYPES, ...EDIFACT_TYPES].join(', ')}`);
}

async function generateX12(options: EdiGenerateOptions, documents: unknown[], numbers: ControlNumberSource, scope: string): Promise<EdiGenerateResult> {
  // GS08 may carry an industry suffix (004010VICS, 005010UCS): parseEdi reports it as read, and it is written back as given.
  const version = options.version ?? '004010';
  if (!/^00(4010|5010)[A-Z0-9]{0,6}$/.test(version)) throw new EdiError('UNSUPPORTED_VERSION', `X12 version ${version} is not supported (004010, 005010, optionally with a suffix such as VICS)`);
  const mapping = x12Sets[options.type];
  if (!mapping) throw new EdiError('UNSUPPORTED_TRANSACTION', `X12 ${options.type} is not supported`);
  const context = new MappingContext(undefined, version);
  const bodies = documents.map((document, index) => writeBody(() => mapping.fromCanonical(checked(mapping.documentType, document, index, documents.length), context), index));
  const interchangeNumber = await numbers.next('interchange', scope);
  const groupNumber = await numbers.next('group', scope);
  const transactionNumbers: string[] = [];
  for (let i = 0; i < bodies.length; i++) transactionNumbers.push(String(await numbers.next('transaction', scope)).padStart(4, '0'));
  const text = writeX12Interchange({
    senderQualifier: options.sender.qualifier ?? 'ZZ', senderId: options.sender.id, receiverQualifier: options.receiver.qualifier ?? 'ZZ', receiverId: options.receiver.id,
    controlNumber: interchangeNumber, usage: options.test ? 'T' : 'P', ackRequested: options.ackRequested ?? false, timestamp: options.timestamp,
    groups: [{
      functionalId: mapping.functionalId, senderCode: options.groupSenderCode ?? options.sender.id, receiverCode: options.groupReceiverCode ?? options.receiver.id, controlNumber: groupNumber, version,
      transactions: bodies.map((segments, index) => ({ setId: mapping.setId, controlNumber: transactionNumbers[index] as string, segments })),
    }],
  }, { delimiters: options.x12Delimiters, lineBreak: options.lineBreak });
  return { standard: 'x12', type: options.type, version, text, interchangeControlNumber: String(interchangeNumber).padStart(9, '0'), groupControlNumber: String(groupNumber), transactionControlNumbers: transactionNumbers };
}

/** "D.96A", "D96A", "96A" -> "96A". */
function edifactRelease(version: string | undefined): string {
  const release = (version ?? 'D.96A').replace(/^D\.?/i, '').toUpperCase();
  if (release !== '96A' && release !== '01B') throw new EdiError('UNSUPPORTED_VERSION', `EDIFACT directory ${version} is not supported (D.96A, D.01B)`);
  return release;
}

async function generateEdifact(options: EdiGenerateOptions, documents: unknown[], numbers: ControlNumberSource, scope: string): Promise<EdiGenerateResult> {
  const release = edifactRelease(options.version);
  const mapping = edifactMessages[options.type];
  if (!mapping) throw new EdiError('UNSUPPORTED_TRANSACTION', `EDIFACT ${options.type} is not supported`);
  const version = `D.${release}`;
  const context = new MappingContext(undefined, version);
  const bodies = documents.map((document, index) => writeBody(() => mapping.fromCanonical(checked(mapping.documentType, document, index, documents.length), context), index));
  const interchangeNumber = await numbers.next('interchange', scope);
  const references: string[] = [];
  for (let i = 0; i < bodies.length; i++) references.push(String(await numbers.next('transaction', scope)));
  // CONTRL is a service message: its S009 identifies the syntax (D:3), not a directory.
  const [messageVersion, messageRelease] = options.type === 'CONTRL' ? ['D', '3'] : ['D', release];
  const text = writeEdifactInterchange({
    senderId: options.sender.id, senderQualifier: options.sender.qualifier, recipientId: options.receiver.id, recipientQualifier: options.receiver.qualifier,
    controlReference: interchangeNumber, timestamp: options.timestamp, test: options.test ?? false, ackRequested: options.ackRequested ?? false,
    messages: bodies.map((segments, index) => ({ reference: references[index] as string, type: mapping.type, version: messageVersion, release: messageRelease, agency: options.agency ?? 'UN', associationCode: options.associationCode, segments })),
  }, { delimiters: options.edifactDelimiters, una: options.una, lineBreak: options.lineBreak });
  return { standard: 'edifact', type: options.type, version, text, interchangeControlNumber: String(interchangeNumber), transactionControlNumbers: references };
}

/**
 * The writer does not trust its input: a canonical document is checked against its schema first, so a buyer without ids
 * is "INVALID_DOCUMENT at /buyer/ids", not a TypeError from deep inside a mapping. Acknowledgements have no canonical schema.
 */
function checked(documentType: string, document: unknown, index: number, count: number): unknown {
  if (documentType === 'FunctionalAcknowledgement') return document;
  const [first, ...rest] = validateCanonical(documentType, document);
  if (!first) return document;
  const pointer = first.path.replace(/^\$/, '').replace(/\[(\d+)\]/g, '.$1').replaceAll('.', '/');
  const path = count > 1 ? `/${index}${pointer}` : pointer || '/';
  throw new EdiError('INVALID_DOCUMENT', `the ${documentType} cannot be written: ${first.path} ${first.message}${rest.length ? ` (and ${rest.length} more problem(s))` : ''}`, { path });
}

/** A document of the wrong shape (null, a string, lines that are not an array) becomes a coded error, not a TypeError. */
function writeBody<T>(write: () => T, index: number): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof EdiError) throw error;
    throw new EdiError('INVALID_DOCUMENT', `document ${index} cannot be written: ${error instanceof Error ? error.message : String(error)}`, { path: `/${index}` });
  }
}
