// Bytes -> EDI text: EDIFACT declares its character set in UNB (UNOA..UNOC are Latin-1), X12 is UTF-8 with a Latin-1 fallback.
import type { EdiWarning } from './edi-error.js';

export type EdiEncoding = 'utf-8' | 'latin1';

export interface DecodedEdi {
  text: string;
  encoding: EdiEncoding;
  warnings: EdiWarning[];
}

/** UNB syntax identifiers whose repertoire is ISO 8859-1 (UNOA/UNOB are subsets of it). UNOW/UNOY are UTF-8. */
const LATIN1_SYNTAXES = new Set(['UNOA', 'UNOB', 'UNOC']);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes EDI bytes. The BOM stays in the text (as U+FEFF) so byte offsets count its three bytes. A file that declares a
 * Latin-1 syntax (UNOC) is read as Latin-1, unless its bytes are valid UTF-8 with non-ASCII characters: partners often
 * declare UNOC and send UTF-8, and Latin-1 bytes of accented text are almost never valid UTF-8. Both choices are reported.
 */
export function decodeEdi(bytes: Uint8Array): DecodedEdi {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const syntax = declaredSyntax(buffer);
  if (!hasHighBytes(buffer)) return { text: buffer.toString('latin1'), encoding: 'utf-8', warnings: [] };
  const utf8 = tryUtf8(buffer);
  if (syntax && LATIN1_SYNTAXES.has(syntax)) {
    if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', warnings: [warning(`UNB declares ${syntax} (Latin-1) but the bytes are UTF-8; read as UTF-8`)] };
    return { text: buffer.toString('latin1'), encoding: 'latin1', warnings: [] };
  }
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', warnings: [] };
  return { text: buffer.toString('latin1'), encoding: 'latin1', warnings: [warning(`the bytes are not valid UTF-8${syntax ? ` (UNB declares ${syntax})` : ''}; read as Latin-1`)] };
}

function warning(message: string): EdiWarning {
  return { code: 'ENCODING', message, segmentIndex: 0, byteOffset: 0 };
}

function tryUtf8(buffer: Buffer): string | undefined {
  try {
    return strictUtf8.decode(buffer);
  } catch {
    return undefined;
  }
}

function hasHighBytes(buffer: Buffer): boolean {
  for (let i = 0; i < buffer.length; i++) if (buffer[i] as number > 0x7f) return true;
  return false;
}

/** The UNB S001 syntax identifier ("UNOC"), read from the first bytes; undefined for X12 or when absent. */
function declaredSyntax(buffer: Buffer): string | undefined {
  const head = buffer.subarray(0, 200).toString('latin1');
  const at = head.indexOf('UNB');
  if (at < 0) return undefined;
  const syntax = head.slice(at + 4, at + 8);
  return /^UNO[A-Z]$/.test(syntax) ? syntax : undefined;
}
