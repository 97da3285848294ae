// The contract every EDIFACT message mapping fulfils: canonical document <-> segments between UNH and UNT.
import type { Segment, SegmentData } from '../../segment.js';
import type { MappingContext } from '../../mapping/values.js';

export interface EdifactMessageMapping<Document> {
  /** UNH S009 message type, e.g. "ORDERS". */
  type: string;
  documentType: string;
  toCanonical(segments: Segment[], context: MappingContext): Document;
  fromCanonical(document: Document, context: MappingContext): SegmentData[];
}
