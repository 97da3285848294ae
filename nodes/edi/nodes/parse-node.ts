// tl-edi-parse: EDI text in, one canonical document per transaction set out; errors and rejected sets to output 2, 997/CONTRL to output 3.
import { defineNode, type TradelaneMessage } from '../../sdk/index.js';
import { EdiError } from '../edi-error.js';
import { parseEdi, type EdiParseResult, type EnvelopeFacts, type ParsedTransaction } from '../parse.js';
import { generateAcknowledgements } from '../acknowledge.js';
import { controlNumbersFor, ediText, findPartner, inboundPartnerRulesSchema, type PartnerIdRule } from './shared.js';

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
2. **errors / rejected**: one message per rejected transaction set, and one for input that cannot be read at all. \`msg.ediErrors\` lists located errors (\`code\`, \`segmentIndex\`, \`segmentId\`, \`elementPosition\`, \`byteOffset\`).
3. **acknowledgements**: the 997 or CONTRL for the interchange, addressed back to the sender, in \`msg.payload\`; \`msg.edi.acknowledgement\` holds it as JSON. Control numbers are persisted per partner.

### Configuration
- **Property**: where the EDI text is (default \`payload\`).
- **Acknowledge**: \`always\`, \`when-requested\` (ISA14 = 1 or UNB acknowledgement request = 1), or \`off\`.
- **Partners**: interchange sender id (and optional qualifier, and optionally our recipient id) to Tradelane partner id.
- **Unknown sender**: \`reject\` sends interchanges from senders not in the list to output 2.`,

  create(context, config) {
    const controlNumbers = controlNumbersFor(context);
    return {
      async onInput(msg, helpers) {
        let text: string;
        let result: EdiParseResult;
        try {
          text = ediText(msg, config.property);
          result = parseEdi(text, { to: config.to });
        } catch (error) {
          if (!(error instanceof EdiError)) throw error;
          helpers.status({ fill: 'red', shape: 'dot', text: error.code });
          return [null, { ...msg, ediErrors: [error.toJSON()] }, null];
        }
        const documents: TradelaneMessage[] = [];
        const rejected: TradelaneMessage[] = [];
        const partnerOf = (envelope: EnvelopeFacts) => findPartner(config.partners, envelope.senderId, envelope.senderQualifier, envelope.receiverId)?.partnerId;
        for (const transaction of result.transactions) {
          const envelope = result.interchanges[transaction.interchangeIndex] as EnvelopeFacts;
          const partnerId = partnerOf(envelope);
          const edi = messageFacts(transaction, envelope);
          if (config.to === 'both' && transaction.segments) edi.segments = transaction.segments;
          const base = { ...msg, edi, ...(partnerId ? { partnerId } : {}) };
          if (!partnerId && config.unknownPartner === 'reject') {
            rejected.push({ ...base, payload: transaction.document ?? transaction.segments, ediErrors: [{ code: 'UNKNOWN_PARTNER', message: `no partner for sender ${envelope.senderQualifier}:${envelope.senderId}` }] });
          } else if (transaction.status === 'rejected') {
            // A set can be sound and still rejected because its group or interchange trailer is wrong: say so.
            const inherited = [...envelope.groups.filter((group) => group.controlNumber === transaction.groupControlNumber).flatMap((group) => group.errors), ...envelope.errors];
            rejected.push({ ...base, payload: transaction.document ?? transaction.segments, ediErrors: transaction.errors.length ? transaction.errors : inherited });
          } else {
            const payload = config.to === 'segments' ? transaction.segments : transaction.document;
            if (partnerId && payload && typeof payload === 'object' && !Array.isArray(payload) && transaction.documentType !== 'FunctionalAcknowledgement') (payload as Record<string, unknown>).partnerId = partnerId;
            documents.push({ ...base, topic: transaction.documentType, payload });
          }
        }
        // Envelope problems outside any set (stray segments, bad IEA/UNZ) still need a visible error message.
        const unattached = result.errors.filter((error) => !result.transactions.some((transaction) => transaction.errors.some((own) => own.segmentIndex === error.segmentIndex && own.code === error.code)));
        if (unattached.length && !rejected.length) rejected.push({ ...msg, ediErrors: unattached });
        const acknowledgements: TradelaneMessage[] = [];
        if (config.acknowledge !== 'off') {
          const wanted = config.acknowledge === 'always' || result.interchanges.some((interchange) => interchange.ackRequested);
          if (wanted) {
            const first = result.interchanges[0] as EnvelopeFacts;
            const scope = partnerOf(first) ?? `${first.receiverId}>${first.senderId}`;
            for (const { interchange, acknowledgement, edi } of await generateAcknowledgements(result, { controlNumbers, controlScope: scope })) {
              const partnerId = partnerOf(interchange);
              acknowledgements.push({ ...msg, ...(partnerId ? { partnerId } : {}), topic: edi.type, payload: edi.text, edi: { ...edi, text: undefined, acknowledgement } });
            }
          }
        }
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
  return facts;
}
