// Turns a payload into what the ledger stores: masked by field name, serialised once, and capped in size.

export const MASKED = '***';
const MAX_MASK_DEPTH = 64;

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

function maskValue(value: unknown, fields: ReadonlySet<string>, depth: number): unknown {
  if (depth > MAX_MASK_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, fields, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    masked[name] = fields.has(name.toLowerCase()) && field !== null && field !== undefined ? MASKED : maskValue(field, fields, depth + 1);
  }
  return masked;
}

function maskXml(text: string, fields: ReadonlySet<string>): string {
  // <iban>DE12...</iban> and <ns:iban attr="x">...</ns:iban>: element text only; attributes and EDI are not named fields.
  return text.replace(/<((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))(\s[^>]*)?>([^<]*)<\/\1>/g, (whole, tag: string, local: string, attributes: string | undefined) =>
    fields.has(local.toLowerCase()) ? `<${tag}${attributes ?? ''}>${MASKED}</${tag}>` : whole);
}

// Each field name as it appears in JSON text, quoted; "__proto__" too, because maskValue's copy drops that key. null: a
// name that is not plain printable ASCII, whose lower case could differ between the whole text and the key alone.
const quotedNamesOf = new WeakMap<ReadonlySet<string>, string[] | null>();

function quotedNames(fields: ReadonlySet<string>): string[] | null {
  let names = quotedNamesOf.get(fields);
  if (names === undefined) {
    names = [...fields].every((field) => /^[\x20-\x7e]+$/.test(field) && !/["\\]/.test(field)) ? [...fields, '__proto__'].map((field) => `"${field}"`) : null;
    quotedNamesOf.set(fields, names);
  }
  return names;
}

/**
 * False only when masking cannot change this JSON text: without backslashes every key stands in it literally between
 * quotes, so a key the mask names shows up in the lower-cased text. True (mask the long way) whenever unsure.
 */
function mayNameMaskedField(text: string, fields: ReadonlySet<string>): boolean {
  const names = quotedNames(fields);
  if (!names || text.includes('\\')) return true;
  const lower = text.toLowerCase();
  return names.some((name) => lower.includes(name));
}

function maskText(text: string, fields: ReadonlySet<string>): { body: string; contentType: 'json' | 'text' } {
  if (!fields.size) return { body: text, contentType: 'text' };
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    try {
      // Parsed and serialised either way (the stored body is compact JSON); the copy that masks is skipped when it would change nothing.
      const parsedValue: unknown = JSON.parse(text);
      return { body: JSON.stringify(mayNameMaskedField(text, fields) ? maskValue(parsedValue, fields, 0) : parsedValue), contentType: 'json' };
    } catch {
      return { body: text, contentType: 'text' };
    }
  }
  if (start === '<') return { body: maskXml(text, fields), contentType: 'text' };
  return { body: text, contentType: 'text' };
}

function serialise(value: unknown, fields: ReadonlySet<string>): { body: string; contentType: 'json' | 'text' } | undefined {
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return maskText(value.toString('utf8'), fields);
  if (typeof value === 'string') return maskText(value, fields);
  try {
    return { body: JSON.stringify(fields.size ? maskValue(value, fields, 0) : value) ?? 'null', contentType: 'json' };
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
