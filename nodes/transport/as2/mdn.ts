// AS2 receipts (MDN, RFC 3798 / RFC 4130 §7): building one for a received message, signed when asked, and reading the partner's.
import { NodeError } from '../../sdk/index.js';
import { as2Name } from './as2-message.js';
import { base64Lines, buildEntity, buildMultipart, headerParameter, mediaType, newBoundary, parseEntity, parseHeaders, splitMultipart } from './mime.js';
import { signDetached, verifyDetached, type MicAlgorithm } from './smime.js';

/** processed, or processed with an error modifier (decryption-failed, authentication-failed, ...). */
export interface MdnDisposition {
  ok: boolean;
  /** The whole Disposition value, e.g. `automatic-action/MDN-sent-automatically; processed/error: decryption-failed`. */
  text: string;
  /** The error or warning modifier, when there is one. */
  modifier?: string;
}

export interface MdnInput {
  /** Our AS2 name (the MDN's sender) and the partner's. */
  from: string;
  to: string;
  originalMessageId: string;
  /** Received-Content-MIC: only for a message we could read. */
  mic?: string;
  /** undefined: processed; else the error modifier (RFC 4130 §7.4.3), e.g. decryption-failed. */
  error?: string;
  /** A warning such as duplicate-document, with processed. */
  warning?: string;
  explanation: string;
  /** Sign with our key when the partner asked for a signed receipt. */
  signWith?: { certificate: string; privateKey: string; micAlgorithm: MicAlgorithm };
}

export interface BuiltMdn {
  headers: Record<string, string>;
  body: Buffer;
}

function disposition(input: MdnInput): string {
  const base = 'automatic-action/MDN-sent-automatically; processed';
  if (input.error) return `${base}/error: ${input.error}`;
  if (input.warning) return `${base}/warning: ${input.warning}`;
  return base;
}

export function buildMdn(input: MdnInput, messageId: string): BuiltMdn {
  const notification = [
    'Reporting-UA: Tradelane', `Original-Recipient: rfc822; ${as2Name(input.from)}`, `Final-Recipient: rfc822; ${as2Name(input.from)}`,
    `Original-Message-ID: <${input.originalMessageId}>`, `Disposition: ${disposition(input)}`, ...(input.mic ? [`Received-Content-MIC: ${input.mic}`] : []),
  ].join('\r\n');
  const reportBoundary = newBoundary();
  const report = buildEntity({ 'Content-Type': `multipart/report; report-type=disposition-notification; boundary="${reportBoundary}"` }, buildMultipart(reportBoundary, [
    buildEntity({ 'Content-Type': 'text/plain; charset=us-ascii', 'Content-Transfer-Encoding': '7bit' }, Buffer.from(`${input.explanation}\r\n`)),
    buildEntity({ 'Content-Type': 'message/disposition-notification', 'Content-Transfer-Encoding': '7bit' }, Buffer.from(`${notification}\r\n`)),
  ]));
  let outer = report;
  if (input.signWith) {
    const boundary = newBoundary();
    const signature = buildEntity({ 'Content-Type': 'application/pkcs7-signature; name=smime.p7s', 'Content-Transfer-Encoding': 'base64' },
      base64Lines(signDetached(report, input.signWith.certificate, input.signWith.privateKey, input.signWith.micAlgorithm)));
    outer = buildEntity({ 'Content-Type': `multipart/signed; protocol="application/pkcs7-signature"; micalg=${input.signWith.micAlgorithm}; boundary="${boundary}"` }, buildMultipart(boundary, [report, signature]));
  }
  const entity = parseEntity(outer);
  return {
    headers: { 'AS2-Version': '1.2', 'AS2-From': as2Name(input.from), 'AS2-To': as2Name(input.to), 'Message-ID': `<${messageId}>`, 'MIME-Version': '1.0', 'Content-Type': entity.headers['content-type']! },
    body: entity.body,
  };
}

/** What the partner's receipt says, with its signature checked against the partner's certificate when it is signed. */
export interface ReadMdn {
  originalMessageId: string | undefined;
  disposition: MdnDisposition;
  mic: string | undefined;
  signed: boolean;
  explanation: string;
}

function mdnError(message: string): NodeError {
  return new NodeError('AS2_MDN_INVALID', message, { retryable: false, details: [{ path: 'mdn', message }] });
}

export function readMdn(contentType: string | undefined, body: Buffer, partnerCertificate: string | undefined): ReadMdn {
  let report = { headers: { 'content-type': contentType ?? '' } as Record<string, string>, body };
  const signed = mediaType(contentType) === 'multipart/signed';
  if (signed) {
    const parts = splitMultipart(body, headerParameter(contentType, 'boundary') ?? '');
    if (parts.length !== 2) throw mdnError(`a signed receipt has two parts, this one ${parts.length}`);
    if (partnerCertificate) {
      const signature = parseEntity(parts[1]!);
      verifyDetached(parts[0]!, Buffer.from(signature.body.toString('latin1').replace(/\s+/g, ''), 'base64'), partnerCertificate);
    }
    report = parseEntity(parts[0]!);
  }
  if (mediaType(report.headers['content-type']) !== 'multipart/report') throw mdnError(`a receipt is multipart/report, this one is ${mediaType(report.headers['content-type']) || 'untyped'}`);
  const parts = splitMultipart(report.body, headerParameter(report.headers['content-type'], 'boundary') ?? '').map(parseEntity);
  const notification = parts.find((part) => mediaType(part.headers['content-type']) === 'message/disposition-notification');
  if (!notification) throw mdnError('the receipt has no message/disposition-notification part');
  const fields = parseHeaders(notification.body.toString('latin1'));
  const text = fields.disposition ?? '';
  const modifier = /processed\s*\/\s*(?:error|failure|warning)\s*:\s*(.+)$/i.exec(text)?.[1]?.trim();
  const ok = /processed/i.test(text) && !/processed\s*\/\s*(?:error|failure)/i.test(text);
  const explanation = parts.find((part) => mediaType(part.headers['content-type']) === 'text/plain')?.body.toString('utf8').trim() ?? '';
  return {
    originalMessageId: fields['original-message-id']?.replace(/^<|>$/g, ''),
    disposition: { ok, text, ...(modifier ? { modifier } : {}) },
    mic: fields['received-content-mic'],
    signed,
    explanation,
  };
}

/** True when a request holds a receipt (a bare or signed multipart/report) rather than a message. */
export function isReceipt(contentType: string | undefined, body: Buffer): boolean {
  const type = mediaType(contentType);
  if (type === 'multipart/report') return true;
  if (type !== 'multipart/signed') return false;
  const [first] = splitMultipart(body, headerParameter(contentType, 'boundary') ?? '');
  return first !== undefined && mediaType(parseEntity(first).headers['content-type']) === 'multipart/report';
}

/** Received-Content-MIC against the one we computed: the same digest, in the same algorithm (named case-insensitively). */
export function micMatches(expected: string, received: string | undefined): boolean {
  if (!received) return false;
  const [expectedDigest, expectedAlgorithm] = expected.split(',').map((part) => part.trim());
  const [receivedDigest, receivedAlgorithm] = received.split(',').map((part) => part.trim());
  return expectedDigest === receivedDigest && expectedAlgorithm?.toLowerCase() === receivedAlgorithm?.toLowerCase();
}
