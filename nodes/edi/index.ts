// Public surface of the EDI domain: the codec API (parse, generate, acknowledge, readers and writers) and the node descriptors.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { ediGenerateNode } from './nodes/generate-node.js';
import { ediParseNode } from './nodes/parse-node.js';

export const ediNodes: AnyNodeDescriptor[] = [ediParseNode, ediGenerateNode];
export { ediGenerateNode, ediParseNode };
export type { EdiGenerateConfig } from './nodes/generate-node.js';
export type { EdiParseConfig, EdiMessageFacts } from './nodes/parse-node.js';

export { EdiError, type EdiErrorCode, type EdiErrorFacts, type EdiLocation } from './edi-error.js';
export { detectStandard, parseEdi, type EdiParseOptions, type EdiParseResult, type EdiStandard, type EnvelopeFacts, type GroupFacts, type ParsedTransaction } from './parse.js';
export { generateEdi, EDIFACT_TYPES, X12_TYPES, type EdiDocumentType, type EdiGenerateOptions, type EdiGenerateResult, type PartyIdentity } from './generate.js';
export { buildAcknowledgements, generateAcknowledgements, type AcknowledgementOptions } from './acknowledge.js';
export type { AcknowledgedError, AcknowledgedTransaction, AcknowledgementStatus, FunctionalAcknowledgement } from './mapping/acknowledgement.js';
export { KeyValueControlNumbers, MemoryControlNumbers, MAX_CONTROL_NUMBER, type ControlNumberKind, type ControlNumberSource } from './control-numbers.js';
export { CONTROL_NUMBER_NAMESPACE } from './nodes/shared.js';
export type { Composite, ElementValue, Repeated, Segment, SegmentData } from './segment.js';
export { readX12, type X12ReadOptions } from './x12/reader.js';
export { X12Tokenizer } from './x12/tokenizer.js';
export { writeX12Interchange, type X12InterchangeSpec, type X12WriteOptions } from './x12/writer.js';
export { DEFAULT_X12_DELIMITERS, type X12Delimiters } from './x12/delimiters.js';
export type { X12Document, X12Group, X12Interchange, X12Transaction } from './x12/model.js';
export { readEdifact, type EdifactReadOptions } from './edifact/reader.js';
export { EdifactTokenizer } from './edifact/tokenizer.js';
export { writeEdifactInterchange, type EdifactInterchangeSpec, type EdifactWriteOptions } from './edifact/writer.js';
export { DEFAULT_EDIFACT_DELIMITERS, type EdifactDelimiters } from './edifact/delimiters.js';
export type { EdifactDocument, EdifactInterchange, EdifactMessage } from './edifact/model.js';
export { x12Sets, X12_VERSIONS } from './x12/sets/index.js';
export { edifactMessages, EDIFACT_RELEASES } from './edifact/messages/index.js';
export {
  EDIFACT_LINE_ACTION_STATUS, EDIFACT_RESPONSE_STATUS, STATUS_CODE_EXTENSION, X12_ACK_LINE_STATUS, X12_BAK_STATUS,
} from './mapping/codes.js';
