// The element positions readNad maps, for the `unmapped` tables of the EDIFACT messages.
import type { MappedElements } from '../../mapping/unmapped.js';

/** NAD party qualifier, id, name, street, city, region, postal code, country (position 3, name and address as text, is not read); RFF IA/IT/ZZZ. */
export const EDIFACT_NAD_MAPPED: MappedElements = { NAD: [1, 2, 4, 5, 6, 7, 8, 9], RFF: [1] };
