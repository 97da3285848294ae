// The shape of a read X12 interchange: envelope facts, functional groups and transaction sets.
import type { EdiError, EdiWarning } from '../edi-error.js';
import type { Segment } from '../segment.js';
import type { X12Delimiters } from './delimiters.js';

export interface X12InterchangeHeader {
  authorizationQualifier: string;
  authorization: string;
  securityQualifier: string;
  security: string;
  senderQualifier: string;
  /** ISA06 without its space padding. */
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 YYMMDD. */
  date: string;
  /** ISA10 HHMM. */
  time: string;
  /** ISA12, e.g. "00401" or "00501". */
  version: string;
  /** ISA13 as written (nine digits). */
  controlNumber: string;
  /** ISA14 = "1". */
  ackRequested: boolean;
  /** ISA15: "T" test or "P" production. */
  usage: string;
}

export interface X12Transaction {
  /** ST01, e.g. "850". */
  setId: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 (5010 implementation convention reference), when present. */
  implementationReference?: string;
  st: Segment;
  se?: Segment;
  /** Segments between ST and SE. */
  segments: Segment[];
  /** Envelope problems of this set (lenient mode). */
  errors: EdiError[];
}

export interface X12Group {
  /** GS01 functional identifier, e.g. "PO", "PR", "SH", "IN", "FA". */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  /** GS04 CCYYMMDD. */
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS07 responsible agency, "X". */
  agency: string;
  /** GS08, e.g. "004010" or "005010". */
  version: string;
  gs: Segment;
  ge?: Segment;
  transactions: X12Transaction[];
  /** Number of sets read (also counted when sets are streamed and not retained). */
  transactionCount: number;
  errors: EdiError[];
}

export interface X12Interchange {
  header: X12InterchangeHeader;
  delimiters: X12Delimiters;
  isa: Segment;
  iea?: Segment;
  groups: X12Group[];
  /** TA1 interchange acknowledgements found at interchange level. */
  interchangeAcks: Segment[];
  errors: EdiError[];
}

export interface X12Document {
  standard: 'x12';
  interchanges: X12Interchange[];
  /** Every envelope problem in reading order (empty when the input is clean). */
  errors: EdiError[];
  /** What lenient reading tolerated (missing final terminator, trailing bytes, wrapped lines), in reading order. */
  warnings: EdiWarning[];
}
