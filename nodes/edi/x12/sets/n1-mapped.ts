// The element positions readN1Loop maps, for the `unmapped` tables of the sets that read N1 loops.
import type { MappedElements } from '../../mapping/unmapped.js';

/** N1 entity, name, id qualifier and id; N3 two lines; N4 city, region, postal code, country; REF qualifier and value (IA/IT/ZZ). */
export const N1_LOOP_MAPPED: MappedElements = { N1: [1, 2, 3, 4], N3: [1, 2], N4: [1, 2, 3, 4], REF: [1, 2] };
