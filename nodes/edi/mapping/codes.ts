// Code tables between EDI code lists and canonical values; docs/edi.md documents the same tables.
import type { AckHeaderStatus, AckLineStatus } from '../../canonical/types.js';

/** The original EDI line status code travels in line.extensions so a re-generated acknowledgement keeps the partner's exact code. */
export const STATUS_CODE_EXTENSION = 'ediStatusCode';

/** X12 ACK01 line item status code -> canonical line status. */
export const X12_ACK_LINE_STATUS: Readonly<Record<string, AckLineStatus>> = Object.freeze({
  IA: 'accepted', // item accepted
  AC: 'accepted', // item accepted and shipped
  AR: 'accepted', // item accepted and released for shipment
  IB: 'backordered', // item backordered
  BP: 'backordered', // item accepted, partial shipment, balance backordered
  IH: 'backordered', // item on hold
  IW: 'backordered', // item on hold, waiver required
  IC: 'changed', // item accepted, changes made
  IP: 'changed', // item accepted, price changed
  IQ: 'changed', // item accepted, quantity changed
  IS: 'changed', // item accepted, substitution made
  DR: 'changed', // item accepted, date rescheduled
  SP: 'changed', // item accepted, schedule date pending
  ID: 'rejected', // item deleted
  IR: 'rejected', // item rejected
  R1: 'rejected', // not accepted, not a contract item
  R2: 'rejected', // not accepted, invalid item product number
  R3: 'rejected', // not accepted, invalid unit of issue
  R4: 'rejected', // not accepted, contract item not available
});

/** Canonical line status -> the ACK01 code we write when the document does not carry its original code. */
export const X12_ACK_CODE_FOR_STATUS: Readonly<Record<AckLineStatus, string>> = Object.freeze({ accepted: 'IA', rejected: 'IR', changed: 'IC', backordered: 'IB' });

/** X12 BAK02 acknowledgement type -> canonical header status. */
export const X12_BAK_STATUS: Readonly<Record<string, AckHeaderStatus>> = Object.freeze({
  AD: 'accepted', // acknowledge with detail, no change
  AK: 'accepted', // acknowledge, no detail or change
  AT: 'accepted', // accepted
  AC: 'changed', // acknowledge with detail and change
  AE: 'changed', // acknowledge with exception detail only
  AP: 'changed', // acknowledge, product replenishment
  RD: 'rejected', // reject with detail
  RJ: 'rejected', // rejected, no detail
  RF: 'rejected', // reject with exception detail only
});

export const X12_BAK_CODE_FOR_STATUS: Readonly<Record<AckHeaderStatus, string>> = Object.freeze({ accepted: 'AD', changed: 'AC', rejected: 'RD' });

/** EDIFACT LIN 1229 action code -> canonical line status (backorders are recognised by a QTY+83 backorder quantity). */
export const EDIFACT_LINE_ACTION_STATUS: Readonly<Record<string, AckLineStatus>> = Object.freeze({
  '5': 'accepted', // accepted without amendment
  '4': 'accepted', // no action
  '3': 'changed', // changed
  '6': 'changed', // accepted with amendment
  '7': 'rejected', // not accepted
  '2': 'rejected', // deleted
});

export const EDIFACT_LINE_ACTION_FOR_STATUS: Readonly<Record<AckLineStatus, string>> = Object.freeze({ accepted: '5', changed: '3', rejected: '7', backordered: '6' });

/** EDIFACT BGM 1225 message function in ORDRSP -> canonical header status. */
export const EDIFACT_RESPONSE_STATUS: Readonly<Record<string, AckHeaderStatus>> = Object.freeze({
  '29': 'accepted', // accepted without amendment
  '4': 'changed', // change
  '30': 'changed', // accepted with amendment
  '27': 'rejected', // not accepted
});

export const EDIFACT_RESPONSE_FOR_STATUS: Readonly<Record<AckHeaderStatus, string>> = Object.freeze({ accepted: '29', changed: '4', rejected: '27' });

/** Canonical tax type <-> X12 TXI01 tax type code. */
export const X12_TAX_TYPES: Readonly<Record<string, string>> = Object.freeze({ SALES: 'LS', STATE: 'ST', CITY: 'CI', COUNTY: 'CP', VAT: 'VA', GST: 'GS', EXCISE: 'EV' });
/** Canonical charge code <-> X12 SAC02 service, promotion, allowance or charge code. */
export const X12_CHARGE_CODES: Readonly<Record<string, string>> = Object.freeze({ FREIGHT: 'D240', DISCOUNT: 'C310', HANDLING: 'D500', FUEL: 'D980', INSURANCE: 'D170', PALLET: 'F960' });
/** Canonical charge code <-> EDIFACT ALC 7161 special service code. */
export const EDIFACT_CHARGE_CODES: Readonly<Record<string, string>> = Object.freeze({ FREIGHT: 'FC', DISCOUNT: 'DI', HANDLING: 'HD', FUEL: 'FR', INSURANCE: 'IN', PALLET: 'PC' });

/** Reverses a code table (values are unique in every table above). */
export function reverseTable(table: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([canonical, code]) => [code, canonical]));
}

/** Canonical carrier mode <-> X12 TD504 transportation method code. */
export const X12_TRANSPORT_MODES: Readonly<Record<string, string>> = Object.freeze({ parcel: 'U', ltl: 'LT', ftl: 'M', ocean: 'S', air: 'A', rail: 'R', courier: 'E', other: 'ZZ' });
