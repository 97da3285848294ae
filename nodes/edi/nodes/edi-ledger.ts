// What the EDI nodes record in the ledger: interchanges and their sets in and out, with control numbers, and what 997/CONTRL say about ours.
import type { EdiControl, LedgerError, LedgerStatus, NodeContext, TradelaneMessage } from '../../sdk/index.js';
import { businessKeysOf, keyFactsOf, ledgerTypeOf } from '../../canonical/business-keys.js';
import { ledgerErrors, ledgerIdOf } from '../../canonical/ledger-facts.js';
import type { EdiErrorFacts } from '../edi-error.js';
import type { EdiGenerateResult } from '../generate.js';
import type { AcknowledgementStatus, FunctionalAcknowledgement } from '../mapping/acknowledgement.js';
import type { EnvelopeFacts, ParsedTransaction } from '../parse.js';

/** Canonical document of each business set type, for sets that were not (or could not be) mapped. */
const CANONICAL_OF_TYPE: Record<string, string> = {
  850: 'PurchaseOrder', ORDERS: 'PurchaseOrder', 855: 'PurchaseOrderAcknowledgement', ORDRSP: 'PurchaseOrderAcknowledgement',
  856: 'AdvanceShipNotice', DESADV: 'AdvanceShipNotice', 810: 'Invoice', INVOIC: 'Invoice',
};

/** Set types that are functional acknowledgements: recorded under their own type, as the lifecycle's 997 step expects. */
const ACKNOWLEDGEMENT_TYPES = new Set(['997', '999', 'CONTRL']);

/** EDI errors as ledger errors: located by segment (tag), index, element and byte offset. */
export function ediLedgerErrors(errors: readonly EdiErrorFacts[]): LedgerError[] {
  return ledgerErrors(errors.map((error) => ({ ...error, ...(error.segmentId ? { segment: error.segmentId } : {}) })));
}

/** Ledger type of a set: the canonical document it maps to, the acknowledgement's own type, else the set type (e.g. "830"). */
export function setDocumentType(setType: string, canonicalName?: string): string {
  if (ACKNOWLEDGEMENT_TYPES.has(setType)) return setType;
  return ledgerTypeOf(canonicalName ?? CANONICAL_OF_TYPE[setType]) ?? setType;
}

export function interchangeType(standard: 'x12' | 'edifact'): string {
  return `${standard}-interchange`;
}

/** ackStatus as the ledger names it; "partially accepted" is accepted with errors at the level of the whole group. */
function ackStatusOf(status: AcknowledgementStatus): NonNullable<EdiControl['ackStatus']> {
  return status === 'partially-accepted' ? 'accepted-with-errors' : status;
}

/**
 * A rejected outbound document has failed. An accepted one keeps its status: a 997/CONTRL says the file was readable, not that
 * the partner agreed to the order, so a purchase order stays "sent" (and can become overdue) until its business acknowledgement.
 */
function statusOfAck(status: AcknowledgementStatus): { status?: LedgerStatus } {
  return status === 'rejected' ? { status: 'failed' } : {};
}

interface Placement {
  ctx: NodeContext;
  msg: TradelaneMessage;
}

function base(place: Placement, partnerId: string | undefined) {
  return {
    correlationId: place.msg.correlationId, flowId: place.ctx.flowId, nodeId: place.ctx.nodeId,
    ...(partnerId ? { partnerId } : {}),
  };
}

/** The interchange record: the intake's document when it carried exactly this interchange, else a new one under it. */
export function recordInterchange(place: Placement, envelope: EnvelopeFacts, partnerId: string | undefined, text: string | undefined, alone: boolean): string {
  const { ctx, msg } = place;
  const edi: EdiControl = { standard: envelope.standard, interchangeControl: envelope.controlNumber };
  const facts = { senderId: envelope.senderId, receiverId: envelope.receiverId, test: envelope.test };
  const documentType = interchangeType(envelope.standard);
  const errors = ediLedgerErrors(envelope.errors);
  const parentId = ledgerIdOf(msg);
  if (parentId && alone) {
    ctx.services.ledger.update({ documentId: parentId }, { documentType, edi, facts, ...(errors.length ? { errors } : {}) });
    return parentId;
  }
  return ctx.services.ledger.record({
    ...base(place, partnerId), direction: 'in', channel: 'edi', documentType, status: 'received', edi, facts,
    ...(parentId ? { parentId } : {}), ...(text !== undefined && !parentId ? { raw: text } : {}), ...(errors.length ? { errors } : {}),
  });
}

export interface RecordedSet {
  transaction: ParsedTransaction;
  partnerId?: string;
  /** Errors it was rejected for; none when accepted. */
  errors: EdiErrorFacts[];
  /** What our 997/CONTRL says about it, when one was written. */
  ackStatus?: 'accepted' | 'accepted-with-errors' | 'rejected';
}

/** One inbound set or message: accepted (with its canonical form and keys) or refused with its located errors. */
export function recordInboundSet(place: Placement, interchangeId: string, set: RecordedSet): string {
  const { transaction } = set;
  const documentType = setDocumentType(transaction.type, transaction.documentType);
  const accepted = !set.errors.length;
  const edi: EdiControl = {
    standard: transaction.standard, interchangeControl: transaction.interchangeControlNumber, setControl: transaction.controlNumber, setType: transaction.type,
    ...(transaction.groupControlNumber !== undefined ? { groupControl: transaction.groupControlNumber } : {}),
    ...(set.ackStatus ? { ackStatus: set.ackStatus } : {}),
  };
  const document = transaction.document;
  return place.ctx.services.ledger.record({
    ...base(place, set.partnerId), direction: 'in', channel: 'edi', documentType, status: accepted ? 'accepted' : 'refused', parentId: interchangeId, edi,
    keys: businessKeysOf(documentType, transaction.document),
    facts: { version: transaction.version, ...(transaction.functionalId ? { functionalId: transaction.functionalId } : {}), ...keyFactsOf(documentType, transaction.document) },
    ...(accepted && document !== undefined ? { canonical: document } : {}),
    ...(accepted ? {} : { errors: ediLedgerErrors(set.errors) }),
  });
}

/** A 997/CONTRL we send back for an inbound interchange. */
export function recordAcknowledgementSent(place: Placement, parentId: string | undefined, partnerId: string | undefined, written: EdiGenerateResult, acknowledgement: FunctionalAcknowledgement): string {
  return place.ctx.services.ledger.record({
    ...base(place, partnerId), direction: 'out', channel: 'edi', documentType: written.type, status: 'sent', raw: written.text,
    edi: controlOf(written, written.transactionControlNumbers[0]), facts: { acknowledges: acknowledgement.status },
    ...(parentId ? { parentId } : {}),
  });
}

function controlOf(written: EdiGenerateResult, setControl: string | undefined, ackStatus?: EdiControl['ackStatus']): EdiControl {
  return {
    standard: written.standard, interchangeControl: written.interchangeControlNumber, setType: written.type,
    ...(written.groupControlNumber !== undefined ? { groupControl: written.groupControlNumber } : {}),
    ...(setControl !== undefined ? { setControl } : {}),
    ...(ackStatus ? { ackStatus } : {}),
  };
}

/**
 * An inbound 997/CONTRL: the outbound documents it acknowledges get its verdict. Each listed set gets its own; the
 * interchange records (several sets in one) get the group's; a 997 that lists no sets gives every document of the group the group's.
 */
export function applyFunctionalAck(ctx: NodeContext, partnerId: string, acknowledgement: FunctionalAcknowledgement): void {
  const scope = acknowledgement.standard === 'x12'
    ? (acknowledgement.groupControlNumber ? { groupControl: acknowledgement.groupControlNumber } : undefined)
    : (acknowledgement.interchangeReference ? { interchangeControl: acknowledgement.interchangeReference } : undefined);
  if (!scope) return;
  const verdict = (status: AcknowledgementStatus, errorCodes: string[]) => ({
    ...statusOfAck(status), edi: { ackStatus: ackStatusOf(status) },
    ...(status === 'rejected' ? { errors: [{ message: `the partner's ${acknowledgement.standard === 'x12' ? '997' : 'CONTRL'} rejected it`, code: errorCodes.join(',') || 'R' }] } : {}),
  });
  const { ledger } = ctx.services;
  if (!acknowledgement.transactions.length) {
    ledger.update({ ediControl: { partnerId, ...scope } }, verdict(acknowledgement.status, acknowledgement.errorCodes));
    return;
  }
  for (const set of acknowledgement.transactions) ledger.update({ ediControl: { partnerId, ...scope, setControl: set.controlNumber } }, verdict(set.status, set.errorCodes));
  ledger.update({ ediControl: { partnerId, ...scope, setControl: null } }, verdict(acknowledgement.status, acknowledgement.errorCodes));
}

/**
 * What the generate node wrote: one document with the EDI text for a single set; an interchange record with the text and
 * one document per set under it for several. msg.ledgerId moves to the new record.
 */
export function recordGenerated(place: Placement, partnerId: string | undefined, written: EdiGenerateResult, documents: unknown[], expectAck: boolean): string {
  const { ctx, msg } = place;
  const causeId = ledgerIdOf(msg);
  const documentType = setDocumentType(written.type);
  const ackStatus = expectAck && !ACKNOWLEDGEMENT_TYPES.has(written.type) ? 'expected' as const : undefined;
  const common = { ...base(place, partnerId), direction: 'out' as const, channel: 'edi' as const, status: 'sent' as const };
  const setRecord = (document: unknown, setControl: string | undefined, parentId: string | undefined, raw: boolean) => ctx.services.ledger.record({
    ...common, documentType, edi: controlOf(written, setControl, ackStatus), keys: businessKeysOf(documentType, document), facts: { version: written.version, ...keyFactsOf(documentType, document) },
    ...(ACKNOWLEDGEMENT_TYPES.has(written.type) ? {} : { canonical: document }),
    ...(raw ? { raw: written.text } : {}), ...(parentId ? { parentId } : {}),
  });
  if (documents.length === 1) return setRecord(documents[0], written.transactionControlNumbers[0], causeId, true);
  const interchangeId = ctx.services.ledger.record({
    ...common, documentType: interchangeType(written.standard), edi: controlOf(written, undefined, ackStatus), raw: written.text, facts: { version: written.version, sets: documents.length },
    ...(causeId ? { parentId: causeId } : {}),
  });
  documents.forEach((document, index) => setRecord(document, written.transactionControlNumbers[index], interchangeId, false));
  return interchangeId;
}

