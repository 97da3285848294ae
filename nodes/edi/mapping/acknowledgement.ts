// The functional acknowledgement document (X12 997, EDIFACT CONTRL): EDI-level receipt status, not a business document.

/** A accepted, E accepted with errors noted, P partially accepted, R rejected (X12 AK5/AK9 and EDIFACT UCI/UCM 0083 semantics). */
export type AcknowledgementStatus = 'accepted' | 'accepted-with-errors' | 'partially-accepted' | 'rejected';

export interface AcknowledgedError {
  /** Standard-specific error code (X12 AK304/AK403, EDIFACT 0085). */
  code: string;
  segmentId?: string;
  /** Position of the segment in its transaction set or message (ST/UNH = 1). */
  segmentPosition?: number;
  elementPosition?: number;
}

export interface AcknowledgedTransaction {
  /** ST01 / UNH message type. */
  type: string;
  /** ST02 / UNH 0062. */
  controlNumber: string;
  /** EDIFACT: the rest of S009 after the type, e.g. "D:96A:UN". */
  messageVersion?: string;
  status: Exclude<AcknowledgementStatus, 'partially-accepted'>;
  /** AK5 / UCM syntax error codes. */
  errorCodes: string[];
  errors: AcknowledgedError[];
}

export interface FunctionalAcknowledgement {
  standard: 'x12' | 'edifact';
  /** X12: GS01 of the acknowledged group. */
  functionalId?: string;
  /** X12: GS06 of the acknowledged group. */
  groupControlNumber?: string;
  /** EDIFACT: UNB 0020 of the acknowledged interchange. */
  interchangeReference?: string;
  /** EDIFACT: UNB sender and recipient of the acknowledged interchange ("id" or "id:qualifier"). */
  interchangeSender?: string;
  interchangeRecipient?: string;
  /** X12 5010: GS08 of the acknowledged group (AK103). */
  version?: string;
  status: AcknowledgementStatus;
  /** AK9 / UCI group or interchange level error codes. */
  errorCodes: string[];
  transactions: AcknowledgedTransaction[];
  /** X12 AK902-AK904. */
  counts?: { included: number; received: number; accepted: number };
  partnerId?: string;
}
