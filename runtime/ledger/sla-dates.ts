// The business dates ASN rules need (delivery date, ship date): from a document's facts, else its canonical payload, cached per document.
import type { SqlDatabase } from '../store/sql/sql-database.js';

const DAY = 86_400_000;
const CACHE_LIMIT = 20_000;

/** Fact and canonical field names, most specific first: the supplier's promise beats our request. */
export const DELIVERY_DATE_FIELDS = ['promisedDate', 'promisedDeliveryDate', 'deliveryDate', 'requestedDeliveryDate', 'estimatedDeliveryDate'] as const;
export const SHIP_DATE_FIELDS = ['shipDate', 'shippedAt', 'shipDateTime'] as const;
const LINE_DATE_FIELDS = ['promisedDate', 'requestedDate'] as const;

/**
 * "2026-12-03" (a calendar date, UTC) or an RFC 3339 time. A date alone is read as its start (the goods may come that
 * morning: the ASN lead counts from there) or its end (a ship date: the shipment may leave late that day).
 */
export function parseBusinessDate(value: unknown, dateMeans: 'start' | 'end'): number | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : dateMeans === 'start' ? start : start + DAY - 1;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

export function parseJsonObject(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function firstDate(source: Record<string, unknown> | undefined, fields: readonly string[], dateMeans: 'start' | 'end'): number | undefined {
  if (!source) return undefined;
  for (const field of fields) {
    const at = parseBusinessDate(source[field], dateMeans);
    if (at !== undefined) return at;
  }
  return undefined;
}

/** The earliest line date (a PO's lines may each have their own requested date; an acknowledgement's, promised dates). */
function earliestLineDate(source: Record<string, unknown> | undefined): number | undefined {
  const lines = source?.lines;
  if (!Array.isArray(lines)) return undefined;
  let earliest: number | undefined;
  for (const line of lines) {
    if (!line || typeof line !== 'object') continue;
    const at = firstDate(line as Record<string, unknown>, LINE_DATE_FIELDS, 'start');
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

export type DateKind = 'delivery' | 'ship';

/** Reads each document's date once: payload reads are the expensive part of an ASN sweep. */
export class SlaDates {
  private readonly cache = new Map<string, number>();

  constructor(private readonly database: SqlDatabase) {}

  /** The date of each document, from its facts first, else its canonical payload; null when neither has one. */
  async datesOf(documents: ReadonlyArray<{ id: string; facts?: string | Record<string, unknown> | null }>, kind: DateKind): Promise<Map<string, number | null>> {
    const fields = kind === 'delivery' ? DELIVERY_DATE_FIELDS : SHIP_DATE_FIELDS;
    const dateMeans = kind === 'delivery' ? 'start' : 'end';
    const result = new Map<string, number | null>();
    const unknown: string[] = [];
    for (const document of documents) {
      const facts = typeof document.facts === 'string' ? parseJsonObject(document.facts) : document.facts ?? undefined;
      const fromFacts = firstDate(facts, fields, dateMeans);
      const cached = this.cache.get(`${kind}:${document.id}`);
      if (fromFacts !== undefined) result.set(document.id, fromFacts);
      else if (cached !== undefined) result.set(document.id, cached);
      else unknown.push(document.id);
    }
    if (unknown.length) {
      const payloads = await this.database.db.selectFrom('document_payloads').select(['document_id', 'body'])
        .where('document_id', 'in', unknown).where('kind', '=', 'canonical').where('content_type', '=', 'json').execute();
      const bodies = new Map(payloads.map((payload) => [payload.document_id, parseJsonObject(payload.body)]));
      for (const id of unknown) {
        const canonical = bodies.get(id);
        const at = firstDate(canonical, fields, dateMeans) ?? (kind === 'delivery' ? earliestLineDate(canonical) : undefined) ?? null;
        // Only found dates are kept: a payload written (or patched) after this read may still bring one.
        if (at !== null) this.remember(`${kind}:${id}`, at);
        result.set(id, at);
      }
    }
    return result;
  }

  private remember(key: string, value: number): void {
    this.cache.set(key, value);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
  }
}
