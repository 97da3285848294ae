// The little MIME AS2 needs, on exact bytes: one entity's headers and body, a multipart split that keeps each part byte for byte (signatures cover them), and building both.
import { randomBytes } from 'node:crypto';

export interface MimeEntity {
  /** Header names lower-cased; values unfolded. */
  headers: Record<string, string>;
  body: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits an entity at its first empty line; bare LF line ends are accepted (some partners' MDNs use them). */
export function parseEntity(bytes: Buffer): MimeEntity {
  let end = bytes.indexOf(HEADER_END);
  let separator = 4;
  const lfEnd = bytes.indexOf('\n\n');
  if (end < 0 || (lfEnd >= 0 && lfEnd < end)) {
    end = lfEnd;
    separator = 2;
  }
  if (end < 0) return { headers: {}, body: bytes };
  return { headers: parseHeaders(bytes.subarray(0, end).toString('latin1')), body: bytes.subarray(end + separator) };
}

export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A parameter of a structured header value, e.g. boundary of `multipart/signed; boundary="x"`. */
export function headerParameter(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The parts of a multipart body, each exactly as sent (headers included, the CRLF before the next delimiter excluded),
 * as RFC 2046 defines them: a signature covers those bytes, so nothing may be normalised here.
 */
export function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const contentStart = body.indexOf('\n', afterDelimiter) + 1;
    const next = body.indexOf(delimiter, contentStart);
    if (contentStart === 0 || next < 0) break;
    // The line break before the next delimiter belongs to the delimiter.
    const contentEnd = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : body[next - 1] === 0x0a ? next - 1 : next;
    parts.push(body.subarray(contentStart, contentEnd));
    start = next;
  }
  return parts;
}

export function newBoundary(): string {
  return `----=_Tradelane_${randomBytes(12).toString('hex')}`;
}

/** Headers and body as one entity, CRLF line ends. */
export function buildEntity(headers: Record<string, string>, body: Buffer): Buffer {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), HEADER_END, body]);
}

/** A multipart body from whole parts (each with its own headers). */
export function buildMultipart(boundary: string, parts: readonly Buffer[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}`), CRLF, part, CRLF);
  chunks.push(Buffer.from(`--${boundary}--`), CRLF);
  return Buffer.concat(chunks);
}

/** Base64 in 76-character lines, as MIME wants it. */
export function base64Lines(data: Buffer): Buffer {
  return Buffer.from((data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n'));
}
