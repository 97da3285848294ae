// AS2 messages (RFC 4130): the payload as a MIME entity, signed (multipart/signed), then encrypted (pkcs7-mime), and the reverse on receipt with the MIC the receipt must echo.
import { NodeError } from '../../sdk/index.js';
import { base64Lines, buildEntity, buildMultipart, headerParameter, mediaType, newBoundary, parseEntity, splitMultipart, type MimeEntity } from './mime.js';
import { computeMic, decrypt, encrypt, isMicAlgorithm, signDetached, verifyDetached, type EncryptionAlgorithm, type MicAlgorithm } from './smime.js';

/** Our side of an agreement: our certificate and key; the partner's certificate; what each direction must use. */
export interface As2Agreement {
  ourCertificate: string;
  ourPrivateKey: string;
  partnerCertificate: string;
  sign: boolean;
  encrypt: boolean;
  micAlgorithm: MicAlgorithm;
  encryption: EncryptionAlgorithm;
}

export interface OutgoingAs2 {
  /** HTTP headers of the POST, AS2 headers included. */
  headers: Record<string, string>;
  body: Buffer;
  /** What the partner's receipt must return in Received-Content-MIC. */
  mic: string;
}

export interface As2Envelope {
  from: string;
  to: string;
  messageId: string;
  subject: string;
  /** Where a receipt goes: undefined for none, 'sync' in the HTTP answer, or the URL of an asynchronous one. */
  receipt: 'sync' | string | undefined;
  /** Ask for a signed receipt. */
  signedReceipt: boolean;
}

/** AS2 names must be 1-128 printable ASCII characters; quoted when they hold spaces. */
export function as2Name(name: string): string {
  return /^[!#-[\]-~]+$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

function unquoted(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replace(/\\(.)/g, '$1') : trimmed;
}

/** Builds the POST: entity, optional signature, optional encryption; the outermost entity's headers become HTTP headers. */
export function buildAs2(payload: Buffer, contentType: string, filename: string | undefined, envelope: As2Envelope, agreement: As2Agreement): OutgoingAs2 {
  const entity = buildEntity({
    'Content-Type': contentType, 'Content-Transfer-Encoding': 'binary',
    ...(filename ? { 'Content-Disposition': `attachment; filename="${filename.replace(/["\\]/g, '')}"` } : {}),
  }, payload);
  let outer: MimeEntity = parseEntity(entity);
  let outerBytes = entity;
  if (agreement.sign) {
    const boundary = newBoundary();
    const signature = buildEntity({
      'Content-Type': 'application/pkcs7-signature; name=smime.p7s', 'Content-Transfer-Encoding': 'base64', 'Content-Disposition': 'attachment; filename=smime.p7s',
    }, base64Lines(signDetached(entity, agreement.ourCertificate, agreement.ourPrivateKey, agreement.micAlgorithm)));
    outerBytes = buildEntity({ 'Content-Type': `multipart/signed; protocol="application/pkcs7-signature"; micalg=${agreement.micAlgorithm}; boundary="${boundary}"` }, buildMultipart(boundary, [entity, signature]));
    outer = parseEntity(outerBytes);
  }
  if (agreement.encrypt) {
    outer = { headers: { 'content-type': 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m', 'content-transfer-encoding': 'binary' }, body: encrypt(outerBytes, agreement.partnerCertificate, agreement.encryption) };
  }
  const headers: Record<string, string> = {
    'AS2-Version': '1.2', 'AS2-From': as2Name(envelope.from), 'AS2-To': as2Name(envelope.to), 'Message-ID': `<${envelope.messageId}>`,
    Subject: envelope.subject, Date: new Date().toUTCString(), 'MIME-Version': '1.0', 'Content-Type': outer.headers['content-type']!,
  };
  if (outer.headers['content-transfer-encoding']) headers['Content-Transfer-Encoding'] = outer.headers['content-transfer-encoding'];
  if (envelope.receipt) {
    headers['Disposition-Notification-To'] = as2Name(envelope.from);
    if (envelope.signedReceipt) headers['Disposition-Notification-Options'] = `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${agreement.micAlgorithm}`;
    if (envelope.receipt !== 'sync') headers['Receipt-Delivery-Option'] = envelope.receipt;
  }
  // An unsigned message in clear reaches the partner as the HTTP body with only its Content-Type: the MIC covers that.
  const micEntity = agreement.sign || agreement.encrypt ? entity : buildEntity({ 'Content-Type': contentType }, payload);
  return { headers, body: outer.body, mic: computeMic(micEntity, agreement.micAlgorithm) };
}

/** What a received message held, and what its receipt must say. */
export interface OpenedAs2 {
  payload: Buffer;
  contentType: string;
  filename: string | undefined;
  signed: boolean;
  encrypted: boolean;
  /** MIC over the signed entity (or the payload entity), in the algorithm the partner asked for. */
  mic: string;
}

function as2Failure(code: string, disposition: string, message: string): NodeError {
  return new NodeError(code, message, { retryable: false, details: [{ path: 'as2', message, disposition }] });
}

/** The micalg the sender asked for in Disposition-Notification-Options, if we support it; else ours. */
export function requestedMic(options: string | undefined, fallback: MicAlgorithm): MicAlgorithm {
  const requested = /signed-receipt-micalg\s*=\s*(?:optional|required)\s*,\s*([^;]+)/i.exec(options ?? '')?.[1];
  const first = requested?.split(',').map((name) => name.trim().toLowerCase()).find(isMicAlgorithm);
  return first ?? fallback;
}

/** Decrypts and verifies what the agreement requires; a failure carries the MDN disposition modifier that names it. */
export function openAs2(headers: Record<string, string | undefined>, body: Buffer, agreement: As2Agreement): OpenedAs2 {
  let entity: MimeEntity = { headers: { 'content-type': headers['content-type'] ?? 'application/octet-stream' }, body };
  // The bytes of the innermost whole entity: the MIC of an unsigned message covers them.
  let entityBytes = buildEntity({ 'Content-Type': entity.headers['content-type']! }, body);
  const encrypted = mediaType(entity.headers['content-type']) === 'application/pkcs7-mime';
  if (encrypted) {
    try {
      entityBytes = decrypt(body, agreement.ourCertificate, agreement.ourPrivateKey);
      entity = parseEntity(entityBytes);
    } catch (error) {
      throw as2Failure('AS2_DECRYPT_FAILED', 'decryption-failed', (error as Error).message);
    }
  } else if (agreement.encrypt) {
    throw as2Failure('AS2_NOT_ENCRYPTED', 'insufficient-message-security', 'the agreement requires encrypted messages; this one was sent in clear');
  }
  const micAlgorithm = requestedMic(headers['disposition-notification-options'], agreement.micAlgorithm);
  const signed = mediaType(entity.headers['content-type']) === 'multipart/signed';
  let mic: string;
  if (signed) {
    const parts = splitMultipart(entity.body, headerParameter(entity.headers['content-type'], 'boundary') ?? '');
    if (parts.length !== 2) throw as2Failure('AS2_SIGNATURE_INVALID', 'integrity-check-failed', `a signed message has two parts, this one ${parts.length}`);
    const signature = parseEntity(parts[1]!);
    try {
      verifyDetached(parts[0]!, Buffer.from(signature.body.toString('latin1').replace(/\s+/g, ''), 'base64'), agreement.partnerCertificate);
    } catch (error) {
      throw as2Failure('AS2_SIGNATURE_INVALID', 'authentication-failed', (error as Error).message);
    }
    mic = computeMic(parts[0]!, micAlgorithm);
    entity = parseEntity(parts[0]!);
  } else {
    if (agreement.sign) throw as2Failure('AS2_NOT_SIGNED', 'insufficient-message-security', 'the agreement requires signed messages; this one has no signature');
    mic = computeMic(entityBytes, micAlgorithm);
  }
  const transfer = (entity.headers['content-transfer-encoding'] ?? '').toLowerCase();
  const payload = transfer === 'base64' ? Buffer.from(entity.body.toString('latin1').replace(/\s+/g, ''), 'base64') : entity.body;
  const filename = headerParameter(entity.headers['content-disposition'], 'filename');
  return { payload, contentType: entity.headers['content-type'] ?? 'application/octet-stream', filename, signed, encrypted, mic };
}

/** The AS2 names and message id of a request; missing ones are a located error. */
export function envelopeOf(headers: Record<string, string | undefined>): { from: string; to: string; messageId: string } {
  const missing = ['as2-from', 'as2-to', 'message-id'].filter((name) => !headers[name]);
  if (missing.length) {
    throw new NodeError('AS2_BAD_REQUEST', `not an AS2 message: missing ${missing.join(', ')}`, { details: missing.map((name) => ({ path: `header.${name}`, message: 'is required' })) });
  }
  return { from: unquoted(headers['as2-from']), to: unquoted(headers['as2-to']), messageId: headers['message-id']!.trim().replace(/^<|>$/g, '') };
}

/** The receipt a sender asked for: none, in the HTTP answer, or posted to a URL later; and whether it must be signed. */
export interface ReceiptRequest {
  mode: 'none' | 'sync' | 'async';
  url?: URL;
  signed: boolean;
}

export function receiptRequestOf(headers: Record<string, string | undefined>): ReceiptRequest {
  if (!headers['disposition-notification-to']) return { mode: 'none', signed: false };
  const signed = /signed-receipt-protocol\s*=\s*(?:optional|required)\s*,\s*pkcs7-signature/i.test(headers['disposition-notification-options'] ?? '');
  const option = headers['receipt-delivery-option']?.trim();
  if (!option) return { mode: 'sync', signed };
  let url: URL;
  try {
    url = new URL(option);
  } catch {
    throw new NodeError('AS2_BAD_REQUEST', `Receipt-Delivery-Option is not a URL: ${option.slice(0, 100)}`, { details: [{ path: 'header.receipt-delivery-option', message: 'must be an http or https URL' }] });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeError('AS2_BAD_REQUEST', `Receipt-Delivery-Option must be http or https, not ${url.protocol}`, { details: [{ path: 'header.receipt-delivery-option', message: 'must be an http or https URL' }] });
  }
  return { mode: 'async', url, signed };
}
