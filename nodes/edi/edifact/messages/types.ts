// The contract every EDIFACT message mapping fulfils: canonical document <-> segments between UNH and UNT.
import type { Segment, SegmentData } from '../../segment.js';
import type { MappingContext } from '../../mapping/values.js';
import type { MappedElements } from '../../mapping/unmapped.js';

export interface EdifactMessageMapping<Document> {
  /** UNH S009 message type, e.g. "ORDERS". */
  type: string;
  documentType: string;
  /** Element positions the reader maps, per segment id; everything else is reported in the `unmapped` section. Absent: not tracked. */
  mapped?: MappedElements;
  toCanonical(segments: Segment[], context: MappingContext): Document;
  fromCanonical(document: Document, context: MappingContext): SegmentData[];
}
