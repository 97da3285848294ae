// The shape of a read EDIFACT interchange: UNB facts, optional UNG groups and UNH messages.
import type { EdiError, EdiWarning } from '../edi-error.js';
import type { Segment } from '../segment.js';
import type { EdifactDelimiters } from './delimiters.js';

export interface EdifactInterchangeHeader {
  /** S001 syntax identifier, e.g. "UNOA" or "UNOC". */
  syntaxId: string;
  /** S001 syntax version, "3" or "4". */
  syntaxVersion: string;
  senderId: string;
  /** S002 partner identification code qualifier, e.g. "14" (GLN) or "ZZZ". */
  senderQualifier: string;
  recipientId: string;
  recipientQualifier: string;
  /** S004 date as written (YYMMDD for syntax 3, CCYYMMDD for syntax 4). */
  date: string;
  time: string;
  /** 0020 interchange control reference. */
  controlReference: string;
  /** 0026 application reference. */
  applicationReference: string;
  /** 0031 acknowledgement request = "1". */
  ackRequested: boolean;
  /** 0035 test indicator = "1". */
  test: boolean;
}

export interface EdifactMessage {
  /** UNH 0062 message reference number. */
  reference: string;
  /** S009 message type, e.g. "ORDERS". */
  type: string;
  /** S009 version ("D") and release ("96A", "01B"). */
  version: string;
  release: string;
  agency: string;
  /** S009 association assigned code, e.g. "EAN008". */
  associationCode: string;
  unh: Segment;
  unt?: Segment;
  /** Segments between UNH and UNT. */
  segments: Segment[];
  /** UNG 0048 of the group the message is in, when groups are used. */
  groupReference?: string;
  errors: EdiError[];
}

export interface EdifactGroup {
  /** UNG 0038 message group identification. */
  groupId: string;
  reference: string;
  ung: Segment;
  une?: Segment;
  messageCount: number;
  errors: EdiError[];
}

export interface EdifactInterchange {
  header: EdifactInterchangeHeader;
  delimiters: EdifactDelimiters;
  hasUna: boolean;
  unb: Segment;
  unz?: Segment;
  groups: EdifactGroup[];
  messages: EdifactMessage[];
  /** Messages read, also counted when messages are streamed and not retained. */
  messageCount: number;
  errors: EdiError[];
}

export interface EdifactDocument {
  standard: 'edifact';
  interchanges: EdifactInterchange[];
  errors: EdiError[];
  /** What lenient reading tolerated (missing final terminator, trailing bytes, wrapped lines), in reading order. */
  warnings: EdiWarning[];
}
