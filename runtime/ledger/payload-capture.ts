// Turns a payload into what the ledger stores: masked by field name, serialised once, and capped in size.

export const MASKED = '***';

export interface CapturedPayload {
  body: string;
  contentType: 'json' | 'text';
  /** Size of the whole serialised payload, before the cap. */
  sizeBytes: number;
  truncated: boolean;
}

export interface CaptureOptions {
  /** Field names whose values are replaced by "***", compared case-insensitively. */
  maskFields: ReadonlySet<string>;
  maxBytes: number;
}

/** Field names lower-cased, for maskFields. */
export function maskSet(fields: Iterable<string>): Set<string> {
  return new Set([...fields].map((field) => field.trim().toLowerCase()).filter(Boolean));
}

// A JSON.stringify replacer that masks the named fields (values that are null or absent stay as they are). "__proto__" is
// dropped, as an object copy would: a key that sets the prototype where the payload is read back.
// Array items are not named fields: their keys are indexes.
function maskingReplacer(fields: ReadonlySet<string>): (this: unknown, key: string, value: unknown) => unknown {
  return function mask(this: unknown, key, value) {
    if (Array.isArray(this)) return value;
    if (key === '__proto__') return undefined;
    return value !== null && value !== undefined && fields.has(key.toLowerCase()) ? MASKED : value;
  };
}

function maskXml(text: string, fields: ReadonlySet<string>): string {
  // <iban>DE12...</iban> and <ns:iban attr="x">...</ns:iban>: element text only; attributes and EDI are not named fields.
  return text.replace(/<((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))(\s[^>]*)?>([^<]*)<\/\1>/g, (whole, tag: string, local: string, attributes: string | undefined) =>
    fields.has(local.toLowerCase()) ? `<${tag}${attributes ?? ''}>${MASKED}</${tag}>` : whole);
}

// One case-insensitive pattern for every field name as it appears in JSON text, quoted, and "__proto__", which the
// replacer drops. Unicode case folding (the u flag) also matches a key such as "api\u212Aey" (KELVIN SIGN), whose lower
// case is a field name. null: a name that is not plain printable ASCII, where folding and lower-casing could disagree.
const namePatternOf = new WeakMap<ReadonlySet<string>, RegExp | null>();

function namePattern(fields: ReadonlySet<string>): RegExp | null {
  let pattern = namePatternOf.get(fields);
  if (pattern === undefined) {
    const plain = [...fields].every((field) => /^[\x20-\x7e]+$/.test(field) && !/["\\]/.test(field));
    pattern = plain ? new RegExp(`"(?:${[...fields, '__proto__'].map((field) => field.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})"`, 'iu') : null;
    namePatternOf.set(fields, pattern);
  }
  return pattern;
}

/**
 * False only when masking cannot change this JSON text: without backslashes every key stands in it literally between
 * quotes, so a key the mask names matches the pattern. True (mask the long way) whenever unsure.
 */
function mayNameMaskedField(text: string, fields: ReadonlySet<string>): boolean {
  const pattern = namePattern(fields);
  if (!pattern || text.includes('\\')) return true;
  return pattern.test(text);
}

/** JSON's shape, without parsing: the content type is a hint for display (a body that fails to parse is shown as text). */
function looksLikeJson(text: string): boolean {
  const end = text.trimEnd().at(-1);
  return end === '}' || end === ']';
}

function maskText(text: string, fields: ReadonlySet<string>): { body: string; contentType: 'json' | 'text' } {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    // Stored as received when masking cannot change it: parsing and re-serialising every body cost the ledger a fifth of its time.
    if (!fields.size || !mayNameMaskedField(text, fields)) return { body: text, contentType: looksLikeJson(text) ? 'json' : 'text' };
    try {
      return { body: JSON.stringify(JSON.parse(text), maskingReplacer(fields)), contentType: 'json' };
    } catch {
      return { body: text, contentType: 'text' };
    }
  }
  if (start === '<' && fields.size) return { body: maskXml(text, fields), contentType: 'text' };
  return { body: text, contentType: 'text' };
}

function serialise(value: unknown, fields: ReadonlySet<string>): { body: string; contentType: 'json' | 'text' } | undefined {
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return maskText(value.toString('utf8'), fields);
  if (typeof value === 'string') return maskText(value, fields);
  try {
    // Serialised once; again with the masking replacer only when the text may name a masked field (most payloads do not).
    const plain = JSON.stringify(value) ?? 'null';
    const body = fields.size && mayNameMaskedField(plain, fields) ? JSON.stringify(value, maskingReplacer(fields)) ?? 'null' : plain;
    return { body, contentType: 'json' };
  } catch (error) {
    return { body: `(not serialisable: ${error instanceof Error ? error.message : String(error)})`, contentType: 'text' };
  }
}

/** Serialises, masks and caps a payload; undefined when there is nothing to store. */
export function capturePayload(value: unknown, options: CaptureOptions): CapturedPayload | undefined {
  const serialised = serialise(value, options.maskFields);
  if (!serialised) return undefined;
  const sizeBytes = Buffer.byteLength(serialised.body);
  if (sizeBytes <= options.maxBytes) return { ...serialised, sizeBytes, truncated: false };
  // Cut on a character boundary: slicing the buffer could split a multi-byte character.
  let body = serialised.body.slice(0, options.maxBytes);
  while (Buffer.byteLength(body) > options.maxBytes) body = body.slice(0, -1);
  return { body, contentType: 'text', sizeBytes, truncated: true };
}
