// tl-edi-generate: canonical document in msg.payload -> X12 or EDIFACT text for a configured set, version and partner ids.
import { defineNode, NodeError } from '../../sdk/index.js';
import { EdiError } from '../edi-error.js';
import { EDIFACT_TYPES, X12_TYPES, generateEdi, type EdiDocumentType } from '../generate.js';
import { continuingFrom } from '../control-numbers.js';
import { controlNumbersFor, controlScopeFor, partnerRulesSchema, readProperty, type PartnerIdRule } from './shared.js';
import { recordGenerated } from './edi-ledger.js';

export interface EdiGenerateConfig {
  /** Not "type": Node-RED owns that property on every node. */
  ediType: EdiDocumentType;
  version: '004010' | '005010' | 'D.96A' | 'D.01B';
  property: string;
  senderId: string;
  senderQualifier: string;
  receiverId: string;
  receiverQualifier: string;
  partners: PartnerIdRule[];
  test: boolean;
  lineBreak: 'none' | 'lf' | 'crlf';
  elementSeparator: string;
  componentSeparator: string;
  segmentTerminator: string;
  expectAcknowledgement: boolean;
}

const LINE_BREAKS = { none: '', lf: '\n', crlf: '\r\n' } as const;

export const ediGenerateNode = defineNode<EdiGenerateConfig>({
  type: 'tl-edi-generate',
  category: 'edi',
  label: 'edi generate',
  summary: 'Writes a canonical document as an X12 or EDIFACT interchange with persisted control numbers.',
  color: '#B39DDB',
  icon: 'font-awesome/fa-file-text-o',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'EDI text' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    required: ['ediType', 'senderId'],
    additionalProperties: false,
    properties: {
      ediType: { title: 'Document', description: 'X12 transaction set or EDIFACT message to write.', enum: [...X12_TYPES, ...EDIFACT_TYPES], default: '855' },
      version: { title: 'Version', description: '004010/005010 for X12, D.96A/D.01B for EDIFACT.', enum: ['004010', '005010', 'D.96A', 'D.01B'], default: '004010' },
      property: { title: 'Property', description: 'Message property holding the canonical document (or an array of documents).', type: 'string', minLength: 1, default: 'payload' },
      senderId: { title: 'Our interchange id', description: 'ISA06 / UNB sender.', type: 'string', minLength: 1 },
      senderQualifier: { title: 'Our qualifier', description: 'ISA05 (e.g. ZZ, 01) or UNB qualifier (e.g. 14).', type: 'string', default: 'ZZ' },
      receiverId: { title: 'Partner interchange id', description: 'ISA08 / UNB recipient; used when msg.partnerId is not in Partners.', type: 'string', default: '' },
      receiverQualifier: { title: 'Partner qualifier', type: 'string', default: 'ZZ', description: 'Qualifier of the partner\'s ID in the envelope (X12 ISA07, EDIFACT UNB recipient qualifier), e.g. ZZ or 01.' },
      partners: { ...partnerRulesSchema, description: 'Partner id -> interchange id of the recipient; msg.partnerId picks the row.' },
      test: { title: 'Test interchange', description: 'ISA15 = T / UNB test indicator = 1.', type: 'boolean', default: false },
      lineBreak: { title: 'Line break', description: 'Written after every segment terminator.', enum: ['none', 'lf', 'crlf'], default: 'lf' },
      elementSeparator: { title: 'Element separator', description: 'Empty for the default (* or +).', type: 'string', maxLength: 1, default: '' },
      componentSeparator: { title: 'Component separator', description: 'Empty for the default (> or :).', type: 'string', maxLength: 1, default: '' },
      segmentTerminator: { title: 'Segment terminator', description: "Empty for the default (~ or ').", type: 'string', maxLength: 1, default: '' },
      expectAcknowledgement: {
        title: 'Expect a 997 / CONTRL', type: 'boolean', default: true,
        description: 'The partner answers with a functional acknowledgement: the ledger marks the document ackStatus "expected" until it arrives (a 997/CONTRL itself never expects one).',
      },
    },
  },
  docs: `Writes the canonical document in \`msg.payload\` as one interchange.

- **Document** and **Version** pick the set: X12 850, 855, 856, 810, 997 in 004010 or 005010; EDIFACT ORDERS, ORDRSP, DESADV, INVOIC, CONTRL in D.96A or D.01B.
- The recipient comes from **Partners** (matched by \`msg.partnerId\`), otherwise from **Partner interchange id**.
- Control numbers (ISA13/GS06/ST02, UNB/UNH references) are taken from a persisted sequence per partner, so they survive restarts.
- \`msg.payload\` becomes the EDI text; \`msg.edi\` holds the standard, version and control numbers used.

A document that cannot be written (missing required fields, a delimiter inside a value) raises \`EDI_GENERATE_FAILED\` with the problem in \`msg.failure.details\`.

### Ledger
What is written is recorded as an outbound document (channel \`edi\`, status \`sent\`): an 850/ORDERS as \`purchaseOrder\` with its PO number (which the SLA sweep watches for an acknowledgement),
855/ORDRSP as \`acknowledgement\`, 856/DESADV as \`asn\`, 810/INVOIC as \`invoice\`, 997/CONTRL as themselves; with the EDI text, the canonical document and
\`edi\` = \`{standard, interchangeControl, groupControl, setControl, setType, ackStatus}\`, where ackStatus is \`expected\` when **Expect a 997 / CONTRL** is on.
Several documents in one interchange give an \`x12-interchange\` / \`edifact-interchange\` record holding the text, with one document per set under it.
The partner is \`msg.partnerId\`, else the **Partners** row whose interchange id is the recipient; the partner's 997/CONTRL, read by an EDI parse node, updates these documents.
\`msg.ledgerId\` then names the new record (it belongs to the document the message was about, if any).`,

  create(context, config) {
    const controlNumbers = controlNumbersFor(context);
    const x12 = (X12_TYPES as readonly string[]).includes(config.ediType);
    if (x12 !== (config.version === '004010' || config.version === '005010')) {
      throw new NodeError('INVALID_CONFIG', `version ${config.version} does not fit document ${config.ediType}`);
    }
    return {
      async onInput(msg) {
        const partner = config.partners.find((rule) => rule.partnerId === msg.partnerId);
        const receiverId = partner?.interchangeId ?? config.receiverId;
        if (!receiverId) throw new NodeError('EDI_NO_RECEIVER', `no interchange id for partner "${msg.partnerId ?? ''}": add it to Partners or set Partner interchange id`);
        const value = readProperty(msg, config.property);
        const delimiters = { element: config.elementSeparator || undefined, component: config.componentSeparator || undefined, segment: config.segmentTerminator || undefined };
        const defined = Object.fromEntries(Object.entries(delimiters).filter(([, v]) => v !== undefined));
        const recipient = typeof msg.partnerId === 'string' && msg.partnerId ? msg.partnerId : config.partners.find((rule) => rule.interchangeId === receiverId)?.partnerId;
        try {
          const result = await generateEdi({
            type: config.ediType, version: config.version, ...(Array.isArray(value) ? { documents: value } : { document: value }),
            sender: { id: config.senderId, qualifier: config.senderQualifier || undefined },
            receiver: { id: receiverId, qualifier: partner?.qualifier || config.receiverQualifier || undefined },
            // Before one sequence per partner, this node kept the sequence under the receiver id when msg.partnerId was unset.
            controlNumbers: continuingFrom(controlNumbers, [receiverId]), controlScope: controlScopeFor(recipient, receiverId), test: config.test, lineBreak: LINE_BREAKS[config.lineBreak],
            ...(x12 ? { x12Delimiters: defined } : { edifactDelimiters: defined }),
          });
          const { text, ...facts } = result;
          const ledgerId = recordGenerated({ ctx: context, msg }, recipient, result, Array.isArray(value) ? value : [value], config.expectAcknowledgement);
          return { ...msg, payload: text, edi: facts, ledgerId };
        } catch (error) {
          if (error instanceof EdiError) throw new NodeError('EDI_GENERATE_FAILED', error.message, { details: error.toJSON(), cause: error });
          throw error;
        }
      },
    };
  },
});
