// tl-edi-parse: EDI text in, one canonical document per transaction set out; errors and rejected sets to output 2, 997/CONTRL to output 3.
import { defineNode, type NodeContext, type TradelaneMessage } from '../../sdk/index.js';
import { awaitsAnswer, ledgerIdOf } from '../../canonical/ledger-facts.js';
import { EdiError, type EdiErrorFacts, type EdiWarning } from '../edi-error.js';
import type { UnmappedSegment } from '../mapping/unmapped.js';
import { decodeEdi } from '../decode.js';
import { parseEdi, type EdiParseResult, type EnvelopeFacts, type ParsedTransaction } from '../parse.js';
import { generateAcknowledgements, type WrittenAcknowledgement } from '../acknowledge.js';
import type { FunctionalAcknowledgement } from '../mapping/acknowledgement.js';
import { continuingFrom } from '../control-numbers.js';
import { controlNumbersFor, controlScopeFor, ediText, findPartner, inboundPartnerRulesSchema, type PartnerIdRule } from './shared.js';
import { applyFunctionalAck, ediLedgerErrors, recordAcknowledgementSent, recordInboundSet, recordInterchange, setDocumentType, type RecordedSet } from './edi-ledger.js';

export interface EdiParseConfig {
  property: string;
  to: 'canonical' | 'segments' | 'both';
  acknowledge: 'off' | 'always' | 'when-requested';
  partners: PartnerIdRule[];
  unknownPartner: 'pass' | 'reject';
}

/** Facts about where a document came from, put on msg.edi. */
export interface EdiMessageFacts {
  standard: 'x12' | 'edifact';
  type: string;
  version: string;
  controlNumber: string;
  groupControlNumber?: string;
  documentType?: string;
  interchange: Omit<EnvelopeFacts, 'groups' | 'errors'>;
  /** The set's body segments when Output is "both". */
  segments?: unknown[];
  /** What lenient reading tolerated in this set and its interchange, located (e.g. a missing final terminator). */
  warnings?: EdiWarning[];
  /** Segments and elements of the set that did not map to the canonical document, with their positions. */
  unmapped?: UnmappedSegment[];
}

function interchangeFacts(envelope: EnvelopeFacts): EdiMessageFacts['interchange'] {
  const { groups: _groups, errors: _errors, ...facts } = envelope;
  return facts;
}

export const ediParseNode = defineNode<EdiParseConfig>({
  type: 'tl-edi-parse',
  category: 'edi',
  label: 'edi parse',
  summary: 'Reads X12 or EDIFACT (detected automatically) into canonical documents; errors to output 2, 997/CONTRL to output 3.',
  color: '#B39DDB',
  icon: 'font-awesome/fa-exchange',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'documents' }, { label: 'errors / rejected' }, { label: 'acknowledgements' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      property: { title: 'Property', description: 'Message property holding the EDI text (string or Buffer).', type: 'string', minLength: 1, default: 'payload' },
      to: { title: 'Output', description: 'canonical documents, raw segments, or both.', enum: ['canonical', 'segments', 'both'], default: 'canonical' },
      acknowledge: { title: 'Acknowledge', description: 'Send a 997 (X12) or CONTRL (EDIFACT) to output 3.', enum: ['off', 'always', 'when-requested'], default: 'off' },
      partners: inboundPartnerRulesSchema,
      unknownPartner: { title: 'Unknown sender', description: 'What to do with an interchange whose sender id is not in Partners.', enum: ['pass', 'reject'], default: 'pass' },
    },
  },
  docs: `Parses an X12 or EDIFACT interchange (the standard is detected from \`ISA\` or \`UNA\`/\`UNB\`) and converts every transaction set / message into a canonical document.

Supported: X12 850, 855, 856, 810, 997 (004010, 005010); EDIFACT ORDERS, ORDRSP, DESADV, INVOIC, CONTRL (D.96A, D.01B). See docs/edi.md.

### Outputs
1. **documents**: one message per accepted transaction set. \`msg.payload\` is the canonical document (or the segments; with Output \`both\` the segments are in \`msg.edi.segments\`), \`msg.edi\` holds the envelope facts (sender, receiver, control numbers, test flag), \`msg.topic\` the document type, \`msg.partnerId\` the partner matched by sender id.
   \`msg.edi.warnings\` lists what lenient reading tolerated (a missing final terminator, trailing bytes, wrapped lines, a CTT01 counting items), \`msg.edi.unmapped\` every segment or element that has no place in the canonical document, with its position.
2. **errors / rejected**: one message per rejected transaction set, and one for input that cannot be read at all. \`msg.ediErrors\` lists located errors (\`code\`, \`segmentIndex\`, \`segmentId\`, \`elementPosition\`, \`byteOffset\`).
3. **acknowledgements**: the 997 or CONTRL for the interchange, addressed back to the sender, in \`msg.payload\`; \`msg.edi.acknowledgement\` holds it as JSON. Control numbers are persisted per partner, in the same sequence the generate node uses for that partner (partner id, else its interchange id).

### Configuration
- **Property**: where the EDI text is (default \`payload\`).
- **Acknowledge**: \`always\`, \`when-requested\` (ISA14 = 1 or UNB acknowledgement request = 1), or \`off\`.
- **Partners**: interchange sender id (and optional qualifier, and optionally our recipient id) to Tradelane partner id.
- **Unknown sender**: \`reject\` sends interchanges from senders not in the list to output 2.

### Ledger
- The interchange is recorded as an \`x12-interchange\` / \`edifact-interchange\` document with its raw text and \`edi.interchangeControl\`
  (when it came through partner intake, the intake's document becomes it).
- Every set / message is a document of its own under it: the canonical type it maps to (\`purchaseOrder\`, \`acknowledgement\`, \`asn\`, \`invoice\`; \`997\` / \`CONTRL\` for acknowledgements),
  its business keys and canonical form, \`edi\` = \`{standard, interchangeControl, groupControl, setControl, setType, ackStatus}\` (ackStatus: what our 997/CONTRL said),
  status \`accepted\`, or \`refused\` with its located errors. Output messages carry it on \`msg.ledgerId\` and \`msg.documentType\`, so the ERP post records against it.
- A 997/CONTRL we write is recorded as an outbound document (status \`sent\`, its control numbers).
- An inbound 997/CONTRL from a known partner updates the outbound documents it acknowledges (matched by partner and group or interchange control number, set by set):
  \`edi.ackStatus\` \`accepted\` / \`accepted-with-errors\` / \`rejected\`, and status \`acknowledged\` (\`failed\` when rejected).
- Without a caller waiting for an answer (e.g. a file), the interchange becomes \`accepted\` when any set was accepted, else \`refused\`; otherwise the answer decides.`,

  create(context, config) {
    const controlNumbers = controlNumbersFor(context);
    return {
      async onInput(msg, helpers) {
        let text: string;
        let result: EdiParseResult;
        try {
          const input = ediText(msg, config.property);
          // The ledger keeps the text as decoded (Latin-1 for UNOC bytes), so byte offsets in errors match the bytes received.
          text = typeof input === 'string' ? input : decodeEdi(input).text;
          result = parseEdi(input, { to: config.to });
        } catch (error) {
          if (!(error instanceof EdiError)) throw error;
          helpers.status({ fill: 'red', shape: 'dot', text: error.code });
          const ledgerId = recordUnreadable(context, msg, error.toJSON());
          return [null, { ...msg, ediErrors: [error.toJSON()], ...(ledgerId ? { ledgerId } : {}) }, null];
        }
        const documents: TradelaneMessage[] = [];
        const rejected: TradelaneMessage[] = [];
        // Envelope-level warnings (terminators, trailing bytes, wrapping, encoding) belong to every set read from the file.
        const fileWarnings = result.warnings.filter((warning) => !result.transactions.some((transaction) => transaction.warnings.includes(warning)));
        /** Each set's message and what the ledger records of it; ledger ids are filled in once acknowledgements are known. */
        const sets: Array<RecordedSet & { message: TradelaneMessage }> = [];
        const partnerOf = (envelope: EnvelopeFacts) => findPartner(config.partners, envelope.senderId, envelope.senderQualifier, envelope.receiverId)?.partnerId;
        for (const transaction of result.transactions) {
          const envelope = result.interchanges[transaction.interchangeIndex] as EnvelopeFacts;
          const partnerId = partnerOf(envelope);
          const edi = messageFacts(transaction, envelope);
          if (fileWarnings.length) edi.warnings = [...fileWarnings, ...(edi.warnings ?? [])];
          if (config.to === 'both' && transaction.segments) edi.segments = transaction.segments;
          const base = { ...msg, edi, ...(partnerId ? { partnerId } : {}) };
          const recorded = { transaction, ...(partnerId ? { partnerId } : {}) };
          if (!partnerId && config.unknownPartner === 'reject') {
            const message = { ...base, payload: transaction.document ?? transaction.segments, ediErrors: [{ code: 'UNKNOWN_PARTNER', message: `no partner for sender ${envelope.senderQualifier}:${envelope.senderId}` }] };
            rejected.push(message);
            sets.push({ ...recorded, message, errors: message.ediErrors as EdiErrorFacts[] });
          } else if (transaction.status === 'rejected') {
            // A set can be sound and still rejected because its group or interchange trailer is wrong: say so.
            const inherited = [...envelope.groups.filter((group) => group.controlNumber === transaction.groupControlNumber).flatMap((group) => group.errors), ...envelope.errors];
            const message = { ...base, payload: transaction.document ?? transaction.segments, ediErrors: transaction.errors.length ? transaction.errors : inherited };
            rejected.push(message);
            sets.push({ ...recorded, message, errors: message.ediErrors.length ? message.ediErrors : [{ code: 'INVALID_DOCUMENT', message: 'rejected with its interchange' } as EdiErrorFacts] });
          } else {
            const payload = config.to === 'segments' ? transaction.segments : transaction.document;
            if (partnerId && payload && typeof payload === 'object' && !Array.isArray(payload) && transaction.documentType !== 'FunctionalAcknowledgement') (payload as Record<string, unknown>).partnerId = partnerId;
            const message: TradelaneMessage = { ...base, topic: transaction.documentType, payload, documentType: setDocumentType(transaction.type, transaction.documentType) };
            documents.push(message);
            sets.push({ ...recorded, message, errors: [] });
          }
        }
        // Envelope problems outside any set (stray segments, bad IEA/UNZ) still need a visible error message.
        const unattached = result.errors.filter((error) => !result.transactions.some((transaction) => transaction.errors.some((own) => own.segmentIndex === error.segmentIndex && own.code === error.code)));
        if (unattached.length && !rejected.length) rejected.push({ ...msg, ediErrors: unattached });
        const acknowledgements: TradelaneMessage[] = [];
        let written: WrittenAcknowledgement[] = [];
        if (config.acknowledge !== 'off') {
          const wanted = config.acknowledge === 'always' || result.interchanges.some((interchange) => interchange.ackRequested);
          if (wanted) {
            const first = result.interchanges[0] as EnvelopeFacts;
            const scope = controlScopeFor(partnerOf(first), first.senderId);
            // Before one sequence per partner, 997s to a partner this node did not know were numbered under "<ours>><theirs>".
            const former = partnerOf(first) ? [] : [`${first.receiverId}>${first.senderId}`];
            written = await generateAcknowledgements(result, { controlNumbers: continuingFrom(controlNumbers, former), controlScope: scope });
            for (const { interchange, acknowledgement, edi } of written) {
              const partnerId = partnerOf(interchange);
              acknowledgements.push({ ...msg, ...(partnerId ? { partnerId } : {}), topic: edi.type, payload: edi.text, edi: { ...edi, text: undefined, acknowledgement } });
            }
          }
        }
        recordParsed(context, msg, text, result, { sets, written, acknowledgements, partnerOf });
        helpers.status(rejected.length ? { fill: 'yellow', shape: 'dot', text: `${documents.length} ok, ${rejected.length} rejected` } : { fill: 'green', shape: 'dot', text: `${documents.length} documents` });
        return [documents, rejected, acknowledgements];
      },
    };
  },
});

function messageFacts(transaction: ParsedTransaction, envelope: EnvelopeFacts): EdiMessageFacts {
  const facts: EdiMessageFacts = { standard: transaction.standard, type: transaction.type, version: transaction.version, controlNumber: transaction.controlNumber, interchange: interchangeFacts(envelope) };
  if (transaction.groupControlNumber !== undefined) facts.groupControlNumber = transaction.groupControlNumber;
  if (transaction.documentType !== undefined) facts.documentType = transaction.documentType;
  if (transaction.warnings.length) facts.warnings = transaction.warnings;
  if (transaction.unmapped?.length) facts.unmapped = transaction.unmapped;
  return facts;
}

interface ParsedRecords {
  sets: Array<RecordedSet & { message: TradelaneMessage }>;
  written: WrittenAcknowledgement[];
  /** The messages of the written acknowledgements, in the same order. */
  acknowledgements: TradelaneMessage[];
  partnerOf(envelope: EnvelopeFacts): string | undefined;
}

/** Records the interchanges, their sets and our acknowledgements, applies inbound 997/CONTRL, and puts the ledger ids on the messages. */
function recordParsed(context: NodeContext, msg: TradelaneMessage, text: string, result: EdiParseResult, records: ParsedRecords): void {
  const place = { ctx: context, msg };
  const alone = result.interchanges.length === 1;
  const interchangeIds = result.interchanges.map((envelope) => recordInterchange(place, envelope, records.partnerOf(envelope), text, alone));
  const verdicts = setVerdicts(records.written, result.interchanges);
  for (const set of records.sets) {
    const { transaction } = set;
    const ackStatus = verdicts.get(setKey(transaction.interchangeIndex, transaction.groupControlNumber, transaction.controlNumber, transaction.standard));
    const interchangeId = interchangeIds[transaction.interchangeIndex] as string;
    set.message.ledgerId = recordInboundSet(place, interchangeId, { ...set, ...(ackStatus ? { ackStatus } : {}) });
    if (!set.errors.length && set.partnerId && transaction.documentType === 'FunctionalAcknowledgement' && transaction.document) {
      applyFunctionalAck(context, set.partnerId, transaction.document as FunctionalAcknowledgement);
    }
  }
  records.written.forEach(({ interchange, acknowledgement, edi }, index) => {
    const parentId = interchangeIds[result.interchanges.indexOf(interchange)];
    const ackMessage = records.acknowledgements[index] as TradelaneMessage;
    ackMessage.ledgerId = recordAcknowledgementSent(place, parentId, records.partnerOf(interchange), edi, acknowledgement);
  });
  if (awaitsAnswer(msg)) return;
  // Nobody waits for an answer that would decide (a file, a queue): the interchange is settled by its sets.
  result.interchanges.forEach((_envelope, index) => {
    const own = records.sets.filter((set) => set.transaction.interchangeIndex === index);
    const status = own.some((set) => !set.errors.length) ? 'accepted' : 'refused';
    context.services.ledger.update({ documentId: interchangeIds[index] as string }, { status });
  });
}

function setKey(interchangeIndex: number, groupControl: string | undefined, setControl: string, standard: string): string {
  return `${standard}|${interchangeIndex}|${standard === 'x12' ? groupControl ?? '' : ''}|${setControl}`;
}

/** What our acknowledgements say about each inbound set, by interchange, group and set control number. */
function setVerdicts(written: WrittenAcknowledgement[], interchanges: EnvelopeFacts[]): Map<string, 'accepted' | 'accepted-with-errors' | 'rejected'> {
  const verdicts = new Map<string, 'accepted' | 'accepted-with-errors' | 'rejected'>();
  for (const { interchange, acknowledgement } of written) {
    const index = interchanges.indexOf(interchange);
    for (const set of acknowledgement.transactions) verdicts.set(setKey(index, acknowledgement.groupControlNumber, set.controlNumber, acknowledgement.standard), set.status);
  }
  return verdicts;
}

/** Text that could not be read at all: the intake's document (or a new one) gets the error. */
function recordUnreadable(context: NodeContext, msg: TradelaneMessage, error: EdiErrorFacts): string | undefined {
  const errors = ediLedgerErrors([error]);
  const documentId = ledgerIdOf(msg);
  const settled = awaitsAnswer(msg) ? {} : { status: 'refused' as const };
  if (documentId) {
    context.services.ledger.update({ documentId }, { errors, ...settled });
    return documentId;
  }
  const raw = msg.payload;
  return context.services.ledger.record({
    direction: 'in', channel: 'edi', documentType: 'edi-interchange', status: 'refused', correlationId: msg.correlationId, flowId: context.flowId, nodeId: context.nodeId, errors,
    ...(typeof msg.partnerId === 'string' && msg.partnerId ? { partnerId: msg.partnerId } : {}),
    ...(typeof raw === 'string' || Buffer.isBuffer(raw) ? { raw: raw.toString() } : {}),
  });
}
