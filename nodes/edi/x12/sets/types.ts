// The contract every X12 transaction-set mapping fulfils: canonical document <-> body segments.
import type { Segment, SegmentData } from '../../segment.js';
import type { MappingContext } from '../../mapping/values.js';
import type { MappedElements } from '../../mapping/unmapped.js';

export interface X12SetMapping<Document> {
  /** ST01, e.g. "850". */
  setId: string;
  /** GS01 functional identifier, e.g. "PO". */
  functionalId: string;
  /** Canonical document name the set maps to. */
  documentType: string;
  /** Element positions the reader maps, per segment id; everything else is reported in the `unmapped` section. Absent: not tracked. */
  mapped?: MappedElements;
  /** Body segments (between ST and SE) -> canonical document; throws located EdiErrors. */
  toCanonical(segments: Segment[], context: MappingContext): Document;
  /** Canonical document -> body segments; throws EdiError INVALID_DOCUMENT for missing fields. */
  fromCanonical(document: Document, context: MappingContext): SegmentData[];
}
