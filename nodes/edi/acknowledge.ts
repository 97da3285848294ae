// Builds 997 / CONTRL acknowledgements for an inbound interchange from the parse result, and writes them back to the sender.
import type { EdiErrorCode, EdiErrorFacts } from './edi-error.js';
import type { AcknowledgedError, AcknowledgedTransaction, FunctionalAcknowledgement } from './mapping/acknowledgement.js';
import { generateEdi, type EdiGenerateOptions, type EdiGenerateResult } from './generate.js';
import type { EdiParseResult, EnvelopeFacts, GroupFacts, ParsedTransaction } from './parse.js';

/** AK5 transaction set syntax error codes by our error code (anything else is "5: one or more segments in error"). */
const AK5_CODES: Partial<Record<EdiErrorCode, string>> = { UNSUPPORTED_TRANSACTION: '1', UNSUPPORTED_VERSION: '1', MISSING_TRAILER: '2', CONTROL_NUMBER_MISMATCH: '3' };
/** AK9 functional group syntax error codes. */
const AK9_CODES: Partial<Record<EdiErrorCode, string>> = { MISSING_TRAILER: '3', CONTROL_NUMBER_MISMATCH: '4', COUNT_MISMATCH: '5' };
/** AK304 segment syntax error codes and AK403 element syntax error codes. */
const AK3_CODES: Partial<Record<EdiErrorCode, string>> = { UNEXPECTED_SEGMENT: '2', MISSING_SEGMENT: '3', COUNT_MISMATCH: '8', INVALID_SEGMENT_ID: '1' };
const AK4_CODES: Partial<Record<EdiErrorCode, string>> = { MISSING_ELEMENT: '1', INVALID_VALUE: '7', COUNT_MISMATCH: '7', DELIMITER_IN_VALUE: '6' };
/** EDIFACT 0085 syntax error codes. */
const CONTRL_CODES: Partial<Record<EdiErrorCode, string>> = {
  COUNT_MISMATCH: '29', CONTROL_NUMBER_MISMATCH: '28', MISSING_TRAILER: '13', MISSING_ELEMENT: '13', MISSING_SEGMENT: '13', INVALID_VALUE: '12', UNEXPECTED_SEGMENT: '15',
  UNSUPPORTED_TRANSACTION: '2', UNSUPPORTED_VERSION: '2',
};

/** Acknowledgements are never acknowledged themselves (that would loop between partners). */
function isAcknowledgement(transaction: ParsedTransaction): boolean {
  return transaction.type === '997' || transaction.type === '999' || transaction.type === 'CONTRL';
}

function relativeError(error: EdiErrorFacts, transaction: ParsedTransaction, standard: 'x12' | 'edifact'): AcknowledgedError | undefined {
  if (error.segmentIndex === undefined || error.segmentId === undefined) return undefined;
  const table = standard === 'x12' ? (error.elementPosition ? AK4_CODES : AK3_CODES) : CONTRL_CODES;
  const located: AcknowledgedError = { code: table[error.code] ?? (standard === 'x12' ? '8' : '12'), segmentId: error.segmentId, segmentPosition: error.segmentIndex - transaction.startSegmentIndex + 1 };
  if (error.elementPosition) located.elementPosition = error.elementPosition;
  return located;
}

/**
 * A 997 / CONTRL reports syntax: a set that is valid EDI but lacks something our canonical model needs (REQUIREMENT_NOT_MET)
 * is "accepted with errors noted" (AK5 E; CONTRL acknowledged), never a segment or element the partner did send called missing.
 */
function acknowledgedTransaction(transaction: ParsedTransaction, standard: 'x12' | 'edifact'): AcknowledgedTransaction {
  const syntaxErrors = transaction.errors.filter((error) => error.code !== 'REQUIREMENT_NOT_MET');
  const status = syntaxErrors.length ? 'rejected' : transaction.errors.length && standard === 'x12' ? 'accepted-with-errors' : 'accepted';
  const result: AcknowledgedTransaction = { type: transaction.type, controlNumber: transaction.controlNumber, status, errorCodes: [], errors: [] };
  // UCM S009 echoes the message identifier as received: version, release, agency and association code.
  if (standard === 'edifact') result.messageVersion = [transaction.version.replace('.', ':'), transaction.agency ?? 'UN', transaction.associationCode].filter(Boolean).join(':');
  for (const error of syntaxErrors) {
    const envelopeCode = standard === 'x12' ? (error.segmentId === 'SE' && error.code === 'COUNT_MISMATCH' ? '4' : AK5_CODES[error.code]) : undefined;
    if (envelopeCode) {
      if (!result.errorCodes.includes(envelopeCode)) result.errorCodes.push(envelopeCode);
      continue;
    }
    if (standard === 'edifact' && (error.segmentId === 'UNT' || error.segmentId === 'UNH' || error.code === 'MISSING_TRAILER' || error.code.startsWith('UNSUPPORTED'))) {
      const code = CONTRL_CODES[error.code] ?? '12';
      if (!result.errorCodes.includes(code)) result.errorCodes.push(code);
      continue;
    }
    const located = relativeError(error, transaction, standard);
    if (located) result.errors.push(located);
    if (standard === 'x12' && !result.errorCodes.includes('5')) result.errorCodes.push('5');
  }
  return result;
}

function groupStatus(transactions: AcknowledgedTransaction[], groupRejected: boolean): FunctionalAcknowledgement['status'] {
  const accepted = transactions.filter((transaction) => transaction.status !== 'rejected').length;
  if (groupRejected || (transactions.length && accepted === 0)) return 'rejected';
  return accepted === transactions.length ? 'accepted' : 'partially-accepted';
}

/** One acknowledgement per X12 functional group (997) or per EDIFACT interchange (CONTRL). */
export function buildAcknowledgements(result: EdiParseResult): Array<{ interchange: EnvelopeFacts; group?: GroupFacts; acknowledgement: FunctionalAcknowledgement }> {
  const acknowledgements: Array<{ interchange: EnvelopeFacts; group?: GroupFacts; acknowledgement: FunctionalAcknowledgement }> = [];
  result.interchanges.forEach((interchange, interchangeIndex) => {
    const transactions = result.transactions.filter((transaction) => transaction.interchangeIndex === interchangeIndex);
    if (result.standard === 'x12') {
      for (const group of interchange.groups) {
        // By position, not control number: two groups of one interchange may (wrongly) share a GS06, and each gets its own 997.
        const groupIndex = interchange.groups.indexOf(group);
        const inGroup = transactions.filter((transaction) => transaction.groupIndex === groupIndex);
        if (group.functionalId === 'FA' || inGroup.some(isAcknowledgement)) continue;
        acknowledgements.push({ interchange, group, acknowledgement: x12Acknowledgement(group, inGroup, interchange) });
      }
    } else {
      if (transactions.some(isAcknowledgement)) return;
      const acked = transactions.map((transaction) => acknowledgedTransaction(transaction, 'edifact'));
      const interchangeCodes = [...new Set(interchange.errors.map((error) => CONTRL_CODES[error.code] ?? '12'))];
      const acknowledgement: FunctionalAcknowledgement = {
        standard: 'edifact', interchangeReference: interchange.controlNumber,
        interchangeSender: [interchange.senderId, interchange.senderQualifier].filter(Boolean).join(':'), interchangeRecipient: [interchange.receiverId, interchange.receiverQualifier].filter(Boolean).join(':'),
        status: groupStatus(acked, interchangeCodes.length > 0), errorCodes: interchangeCodes, transactions: acked,
      };
      acknowledgements.push({ interchange, acknowledgement });
    }
  });
  return acknowledgements;
}

function x12Acknowledgement(group: GroupFacts, transactions: ParsedTransaction[], interchange: EnvelopeFacts): FunctionalAcknowledgement {
  const acked = transactions.map((transaction) => acknowledgedTransaction(transaction, 'x12'));
  const groupCodes = [...new Set([...group.errors, ...interchange.errors].map((error) => AK9_CODES[error.code]).filter((code): code is string => code !== undefined))];
  const accepted = acked.filter((transaction) => transaction.status !== 'rejected').length;
  return {
    standard: 'x12', functionalId: group.functionalId, groupControlNumber: group.controlNumber, version: group.version,
    status: groupStatus(acked, group.errors.length > 0 || interchange.errors.length > 0), errorCodes: groupCodes, transactions: acked,
    counts: { included: group.declaredCount, received: group.receivedCount, accepted: group.errors.length || interchange.errors.length ? 0 : accepted },
  };
}

export interface AcknowledgementOptions extends Pick<EdiGenerateOptions, 'controlNumbers' | 'timestamp' | 'lineBreak' | 'x12Delimiters' | 'edifactDelimiters' | 'controlScope'> {
  /** X12 version of the 997 (default: the acknowledged group's version family, 004010 or 005010). */
  version?: string;
}

/** Writes the acknowledgements for an inbound interchange, addressed back to its sender (sender and receiver swapped). */
export interface WrittenAcknowledgement {
  /** The inbound interchange this acknowledges. */
  interchange: EnvelopeFacts;
  acknowledgement: FunctionalAcknowledgement;
  edi: EdiGenerateResult;
}

export async function generateAcknowledgements(result: EdiParseResult, options: AcknowledgementOptions = {}): Promise<WrittenAcknowledgement[]> {
  const written: WrittenAcknowledgement[] = [];
  for (const { interchange, group, acknowledgement } of buildAcknowledgements(result)) {
    const x12 = acknowledgement.standard === 'x12';
    const version = x12 ? options.version ?? (acknowledgement.version?.startsWith('005010') ? '005010' : '004010') : 'D.96A';
    const edi = await generateEdi({
      ...options, type: x12 ? '997' : 'CONTRL', version, document: acknowledgement, test: interchange.test,
      groupSenderCode: group?.receiverCode || undefined, groupReceiverCode: group?.senderCode || undefined,
      sender: { id: interchange.receiverId, qualifier: interchange.receiverQualifier || undefined }, receiver: { id: interchange.senderId, qualifier: interchange.senderQualifier || undefined },
    });
    written.push({ interchange, acknowledgement, edi });
  }
  return written;
}
