// Canonical parties and locations <-> a neutral party record that the X12 N1 loop and the EDIFACT NAD group both write.
import type { Address, Location, Party, PartyIdentifiers } from '../../canonical/types.js';
import { compactObject } from './values.js';

export interface PartyReference {
  qualifier: string;
  value: string;
}

/** What one N1 loop or NAD group holds: one coded id, a name, an address and extra references. */
export interface PartyRecord {
  name?: string;
  idQualifier?: string;
  id?: string;
  address?: Address;
  references: PartyReference[];
}

/** Qualifiers for party ids in one standard (X12 N103 / REF01, EDIFACT 3055 / RFF 1153). */
export interface PartyCodes {
  gln: string;
  duns: string;
  assignedByBuyer: string;
  assignedBySeller: string;
  /** Reference qualifier for a location code when the coded id slot already holds the GLN. */
  locationCode: string;
}

export const X12_PARTY_CODES: PartyCodes = { gln: 'UL', duns: '1', assignedByBuyer: '92', assignedBySeller: '91', locationCode: 'ZZ' };
export const EDIFACT_PARTY_CODES: PartyCodes = { gln: '9', duns: '16', assignedByBuyer: '92', assignedBySeller: '91', locationCode: 'ZZZ' };

/** Internal vendor and customer numbers travel as references in both standards (REF/RFF "IA" and "IT"). */
const SUPPLIER_ID_REF = 'IA';
const CUSTOMER_ID_REF = 'IT';

const PRIMARY_ORDER = ['gln', 'duns', 'assignedByBuyer', 'assignedBySeller'] as const;

/** The coded id slot takes the first of GLN, DUNS, buyer- or seller-assigned id; the others cannot travel (documented). */
export function partyToRecord(party: Party, codes: PartyCodes): PartyRecord {
  const record: PartyRecord = { references: [] };
  if (party.name) record.name = party.name;
  const primary = PRIMARY_ORDER.find((key) => party.ids[key]);
  if (primary) {
    record.idQualifier = codes[primary];
    record.id = party.ids[primary];
  }
  if (party.ids.supplierId) record.references.push({ qualifier: SUPPLIER_ID_REF, value: party.ids.supplierId });
  if (party.ids.customerId) record.references.push({ qualifier: CUSTOMER_ID_REF, value: party.ids.customerId });
  if (party.address) record.address = party.address;
  return record;
}

export function recordToParty(record: PartyRecord, codes: PartyCodes): Party {
  const ids: PartyIdentifiers = {};
  if (record.id) {
    const key = PRIMARY_ORDER.find((candidate) => codes[candidate] === record.idQualifier);
    // An unknown qualifier keeps its id under the qualifier code, so nothing read is silently dropped.
    ids[key ?? `qualifier${record.idQualifier ?? ''}`] = record.id;
  }
  for (const reference of record.references) {
    if (reference.qualifier === SUPPLIER_ID_REF) ids.supplierId = reference.value;
    else if (reference.qualifier === CUSTOMER_ID_REF) ids.customerId = reference.value;
  }
  return compactObject({ name: record.name, ids, address: record.address });
}

export function locationToRecord(location: Location, codes: PartyCodes): PartyRecord {
  const record: PartyRecord = { references: [] };
  if (location.name) record.name = location.name;
  if (location.gln) {
    record.idQualifier = codes.gln;
    record.id = location.gln;
    if (location.code) record.references.push({ qualifier: codes.locationCode, value: location.code });
  } else if (location.code) {
    record.idQualifier = codes.assignedByBuyer;
    record.id = location.code;
  }
  if (location.address) record.address = location.address;
  return record;
}

export function recordToLocation(record: PartyRecord, codes: PartyCodes): Location {
  const location: Location = {};
  if (record.id) {
    if (record.idQualifier === codes.gln) location.gln = record.id;
    else location.code = record.id;
  }
  const code = record.references.find((reference) => reference.qualifier === codes.locationCode);
  if (code) location.code = code.value;
  if (record.name) location.name = record.name;
  if (record.address) location.address = record.address;
  return location;
}
