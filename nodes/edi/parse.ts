// parseEdi(): detects X12 or EDIFACT, reads the envelopes and converts every transaction set / message to canonical JSON.
import { EdiError, byteOffsetOf, markSingleByte, type EdiErrorFacts, type EdiWarning } from './edi-error.js';
import { MappingContext } from './mapping/values.js';
import { collectUnmapped, type UnmappedSegment } from './mapping/unmapped.js';
import { decodeEdi, type EdiEncoding } from './decode.js';
import type { Segment } from './segment.js';
import { plainSegment } from './lazy-segment.js';
import { readX12 } from './x12/reader.js';
import { x12Sets } from './x12/sets/index.js';
import type { X12Group, X12Interchange, X12Transaction } from './x12/model.js';
import { readEdifact } from './edifact/reader.js';
import { EDIFACT_RELEASES, edifactMessages } from './edifact/messages/index.js';
import type { EdifactInterchange, EdifactMessage } from './edifact/model.js';

export type EdiStandard = 'x12' | 'edifact';

export interface GroupFacts {
  /** GS01 (X12) or UNG 0038 (EDIFACT). */
  functionalId: string;
  controlNumber: string;
  /** GS08, e.g. "004010". */
  version: string;
  senderCode: string;
  receiverCode: string;
  /** Sets the trailer declares (GE01/UNE 0060) and sets actually read. */
  declaredCount: number;
  receivedCount: number;
  errors: EdiErrorFacts[];
}

/** What the envelope says: who sent it to whom, when, which control number, test or production. */
export interface EnvelopeFacts {
  standard: EdiStandard;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  controlNumber: string;
  date: string;
  time: string;
  /** ISA15 = T, or UNB 0035 = 1. */
  test: boolean;
  ackRequested: boolean;
  /** ISA12 (e.g. "00401") or UNB syntax "UNOC:3". */
  syntaxVersion: string;
  groups: GroupFacts[];
  /** Interchange-level envelope problems (IEA/UNZ counts and references). */
  errors: EdiErrorFacts[];
}

export interface ParsedTransaction {
  standard: EdiStandard;
  /** Index into EdiParseResult.interchanges. */
  interchangeIndex: number;
  /** Index into the interchange's groups (X12, and EDIFACT UNG groups); two groups may share a control number. */
  groupIndex?: number;
  /** EDIFACT UNH S009 controlling agency (e.g. "UN") and association assigned code (e.g. "EAN008"). */
  agency?: string;
  associationCode?: string;
  interchangeControlNumber: string;
  groupControlNumber?: string;
  functionalId?: string;
  /** ST01 ("850") or UNH message type ("ORDERS"). */
  type: string;
  /** GS08 ("004010", "005010") or the EDIFACT directory ("D.96A", "D.01B"). */
  version: string;
  /** ST02 or UNH 0062. */
  controlNumber: string;
  /** Segment index of the ST/UNH, so error positions can be expressed relative to the set. */
  startSegmentIndex: number;
  /** Canonical document name, e.g. "PurchaseOrder", or "FunctionalAcknowledgement". */
  documentType?: string;
  document?: unknown;
  /** Body segments, when asked for with to: 'segments' or 'both'. */
  segments?: Segment[];
  /** accepted when the envelope and the content were read without problems. */
  status: 'accepted' | 'rejected';
  errors: EdiErrorFacts[];
  /** What the reader tolerated in this set (e.g. a CTT01 counting items), located. */
  warnings: EdiWarning[];
  /** Segments and elements that did not map to the canonical document (canonical output only). */
  unmapped?: UnmappedSegment[];
}

export interface EdiParseResult {
  standard: EdiStandard;
  interchanges: EnvelopeFacts[];
  transactions: ParsedTransaction[];
  /** Every problem found, in reading order. Empty means the input is clean. */
  errors: EdiErrorFacts[];
  /** What lenient reading tolerated (envelope and sets), in reading order; the input was read despite them. */
  warnings: EdiWarning[];
  /** How the input was decoded: bytes are decoded per the EDIFACT UNB syntax (UNOC is Latin-1) or as UTF-8. */
  encoding: EdiEncoding;
}

export interface EdiParseOptions {
  /** canonical (default): documents; segments: body segments only; both: documents and segments. */
  to?: 'canonical' | 'segments' | 'both';
  /** Throw the first problem as an EdiError instead of collecting it (default false). Unreadable text always throws. */
  strict?: boolean;
}

/** Recognises the standard from the first segment; throws EdiError EMPTY_INPUT or UNKNOWN_STANDARD. */
export function detectStandard(text: string): EdiStandard {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && ' \t\r\n'.includes(text[start] as string)) start++;
  if (start >= text.length) throw new EdiError('EMPTY_INPUT', 'the input is empty');
  if (text.startsWith('ISA', start)) return 'x12';
  if (text.startsWith('UNA', start) || text.startsWith('UNB', start)) return 'edifact';
  throw new EdiError('UNKNOWN_STANDARD', 'input starts with neither ISA (X12) nor UNA/UNB (EDIFACT)', { segmentIndex: 0, byteOffset: byteOffsetOf(text, start) });
}

/**
 * Parses X12 or EDIFACT text. Throws EdiError only when the text cannot be read at all (or on the first problem with strict);
 * envelope and content problems are returned per transaction and in `errors`.
 */
export function parseEdi(input: string | Uint8Array, options: EdiParseOptions = {}): EdiParseResult {
  const decoded = typeof input === 'string' ? { text: input, encoding: 'utf-8' as const, warnings: [] } : decodeEdi(input);
  const text = decoded.text;
  const standard = detectStandard(text);
  const unmark = decoded.encoding === 'latin1' ? markSingleByte(text) : undefined;
  let result: EdiParseResult;
  try {
    result = standard === 'x12' ? parseX12Text(text, options) : parseEdifactText(text, options);
  } finally {
    unmark?.();
  }
  result.encoding = decoded.encoding;
  result.warnings.unshift(...decoded.warnings);
  if (options.strict && result.errors.length) {
    const first = result.errors[0] as EdiErrorFacts;
    throw new EdiError(first.code, first.message.replace(/ \([^)]*\)$/, ''), first);
  }
  return result;
}

function facts(errors: EdiError[]): EdiErrorFacts[] {
  return errors.map((error) => error.toJSON());
}

function convert(standard: EdiStandard, type: string, segments: Segment[], context: MappingContext, options: EdiParseOptions, transaction: ParsedTransaction): void {
  const to = options.to ?? 'canonical';
  // Plain copies: lazily split reader segments must not travel on messages that Node-RED deep-clones.
  if (to !== 'canonical') transaction.segments = segments.map(plainSegment);
  const mapping = standard === 'x12' ? x12Sets[type] : edifactMessages[type];
  if (!mapping) {
    transaction.errors.push(new EdiError('UNSUPPORTED_TRANSACTION', `${standard === 'x12' ? 'transaction set' : 'message'} ${type} is not supported`, { segmentIndex: transaction.startSegmentIndex }).toJSON());
    return;
  }
  transaction.documentType = mapping.documentType;
  if (to === 'segments') return;
  try {
    transaction.document = mapping.toCanonical(segments, context);
    if (mapping.mapped) transaction.unmapped = collectUnmapped(segments, mapping.mapped, context.skipped, transaction.startSegmentIndex);
  } catch (error) {
    if (!(error instanceof EdiError)) throw error;
    transaction.errors.push(error.toJSON());
  }
  transaction.warnings.push(...context.warnings);
}

/**
 * Sets are converted as soon as the reader finishes them and not retained in canonical mode, so a file with many sets
 * holds one set's segments at a time.
 */
function parseX12Text(text: string, options: EdiParseOptions): EdiParseResult {
  const converted: Array<{ parsed: ParsedTransaction; group: X12Group; interchange: X12Interchange }> = [];
  const document = readX12(text, {
    strict: options.strict ?? false,
    retainTransactions: false,
    onTransaction: (transaction, group, interchange) => converted.push({ parsed: x12Transaction(text, transaction, group, interchange, options), group, interchange }),
  });
  const result: EdiParseResult = { standard: 'x12', interchanges: document.interchanges.map(x12Envelope), transactions: [], errors: [], warnings: [...document.warnings], encoding: 'utf-8' };
  for (const { parsed, group, interchange } of converted) {
    parsed.interchangeIndex = document.interchanges.indexOf(interchange);
    parsed.groupIndex = interchange.groups.indexOf(group);
    // GE and IEA problems are only known after the set was converted.
    if (group.errors.length || interchange.errors.length) parsed.status = 'rejected';
    result.transactions.push(parsed);
  }
  collectErrors(result, document.errors);
  collectWarnings(result);
  return result;
}

function x12Envelope(interchange: X12Interchange): EnvelopeFacts {
  const header = interchange.header;
  return {
    standard: 'x12', senderQualifier: header.senderQualifier, senderId: header.senderId, receiverQualifier: header.receiverQualifier, receiverId: header.receiverId,
    controlNumber: header.controlNumber, date: header.date, time: header.time, test: header.usage === 'T', ackRequested: header.ackRequested, syntaxVersion: header.version,
    groups: interchange.groups.map((group) => ({
      functionalId: group.functionalId, controlNumber: group.controlNumber, version: group.version, senderCode: group.senderCode, receiverCode: group.receiverCode,
      declaredCount: Number(group.ge?.elements[0] ?? group.transactionCount) || 0, receivedCount: group.transactionCount, errors: facts(group.errors),
    })),
    errors: facts(interchange.errors),
  };
}

function x12Transaction(text: string, transaction: X12Transaction, group: X12Group, interchange: X12Interchange, options: EdiParseOptions): ParsedTransaction {
  const parsed: ParsedTransaction = {
    standard: 'x12', interchangeIndex: 0, interchangeControlNumber: interchange.header.controlNumber, groupControlNumber: group.controlNumber, functionalId: group.functionalId,
    type: transaction.setId, version: group.version, controlNumber: transaction.controlNumber, startSegmentIndex: transaction.st.index, status: 'accepted', errors: facts(transaction.errors), warnings: [],
  };
  envelopeCounts.set(parsed, parsed.errors.length);
  if (!parsed.errors.length) {
    if (!group.version.startsWith('004010') && !group.version.startsWith('005010')) {
      parsed.errors.push(new EdiError('UNSUPPORTED_VERSION', `version ${group.version} is not supported (004010, 005010)`, { segmentIndex: group.gs.index, segmentId: 'GS', elementPosition: 8 }).toJSON());
    } else {
      convert('x12', transaction.setId, transaction.segments, new MappingContext(text, group.version), options, parsed);
    }
  }
  if (parsed.errors.length) parsed.status = 'rejected';
  return parsed;
}

function parseEdifactText(text: string, options: EdiParseOptions): EdiParseResult {
  const converted: Array<{ parsed: ParsedTransaction; interchange: EdifactInterchange; groupIndex: number }> = [];
  const document = readEdifact(text, {
    strict: options.strict ?? false,
    retainMessages: false,
    // The message belongs to the group open when it closes: the last one of its interchange, when it has a group reference.
    onMessage: (message, interchange) => converted.push({
      parsed: edifactTransaction(text, message, interchange, options), interchange, groupIndex: message.groupReference === undefined ? -1 : interchange.groups.length - 1,
    }),
  });
  const result: EdiParseResult = { standard: 'edifact', interchanges: document.interchanges.map(edifactEnvelope), transactions: [], errors: [], warnings: [...document.warnings], encoding: 'utf-8' };
  for (const { parsed, interchange, groupIndex } of converted) {
    parsed.interchangeIndex = document.interchanges.indexOf(interchange);
    if (groupIndex >= 0) parsed.groupIndex = groupIndex;
    if (interchange.errors.length || (groupIndex >= 0 && interchange.groups[groupIndex]?.errors.length)) parsed.status = 'rejected';
    result.transactions.push(parsed);
  }
  collectErrors(result, document.errors);
  collectWarnings(result);
  return result;
}

function edifactEnvelope(interchange: EdifactInterchange): EnvelopeFacts {
  const header = interchange.header;
  return {
    standard: 'edifact', senderQualifier: header.senderQualifier, senderId: header.senderId, receiverQualifier: header.recipientQualifier, receiverId: header.recipientId,
    controlNumber: header.controlReference, date: header.date, time: header.time, test: header.test, ackRequested: header.ackRequested, syntaxVersion: `${header.syntaxId}:${header.syntaxVersion}`,
    groups: interchange.groups.map((group) => ({
      functionalId: group.groupId, controlNumber: group.reference, version: '', senderCode: '', receiverCode: '',
      declaredCount: Number(group.une?.elements[0] ?? group.messageCount) || 0, receivedCount: group.messageCount, errors: facts(group.errors),
    })),
    errors: facts(interchange.errors),
  };
}

function edifactTransaction(text: string, message: EdifactMessage, interchange: EdifactInterchange, options: EdiParseOptions): ParsedTransaction {
  const version = `${message.version}.${message.release}`;
  const parsed: ParsedTransaction = {
    standard: 'edifact', interchangeIndex: 0, interchangeControlNumber: interchange.header.controlReference, type: message.type, version, controlNumber: message.reference,
    startSegmentIndex: message.unh.index, status: 'accepted', errors: facts(message.errors), warnings: [],
  };
  if (message.agency) parsed.agency = message.agency;
  if (message.associationCode) parsed.associationCode = message.associationCode;
  envelopeCounts.set(parsed, parsed.errors.length);
  if (message.groupReference !== undefined) parsed.groupControlNumber = message.groupReference;
  if (!parsed.errors.length) {
    const supported = message.type === 'CONTRL' || (message.version === 'D' && (EDIFACT_RELEASES as readonly string[]).includes(message.release));
    if (!supported) {
      parsed.errors.push(new EdiError('UNSUPPORTED_VERSION', `directory ${version} is not supported (D.96A, D.01B)`, { segmentIndex: message.unh.index, segmentId: 'UNH', elementPosition: 2 }).toJSON());
    } else {
      convert('edifact', message.type, message.segments, new MappingContext(text, version, interchange.delimiters.decimal), options, parsed);
    }
  }
  if (parsed.errors.length) parsed.status = 'rejected';
  return parsed;
}

/** Envelope problems (including segments outside any envelope) plus conversion problems, in input order. */
function collectErrors(result: EdiParseResult, envelopeErrors: EdiError[]): void {
  const envelopeFacts = new Set(result.transactions.flatMap((transaction) => transaction.errors.slice(0, envelopeCounts.get(transaction) ?? 0)));
  const contentErrors = result.transactions.flatMap((transaction) => transaction.errors.filter((error) => !envelopeFacts.has(error)));
  result.errors = [...facts(envelopeErrors), ...contentErrors].sort((a, b) => (a.segmentIndex ?? -1) - (b.segmentIndex ?? -1));
}

/** Set-level warnings join the envelope ones, in input order. */
function collectWarnings(result: EdiParseResult): void {
  for (const transaction of result.transactions) result.warnings.push(...transaction.warnings);
  result.warnings.sort((a, b) => (a.segmentIndex ?? -1) - (b.segmentIndex ?? -1));
}

/** How many of a transaction's errors came from the envelope reader (the rest come from conversion). */
const envelopeCounts = new WeakMap<ParsedTransaction, number>();
