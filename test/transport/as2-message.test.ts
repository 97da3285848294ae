// AS2 messages and receipts without a network: what one side builds the other opens, with the MIC the receipt must echo; a message made by openssl smime opens too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildAs2, envelopeOf, openAs2, requestedMic, type As2Agreement, type As2Envelope } from '../../nodes/transport/as2/as2-message.js';
import { buildMdn, readMdn } from '../../nodes/transport/as2/mdn.js';
import { parseEntity } from '../../nodes/transport/as2/mime.js';
import { makeIdentity, type TestIdentity } from './as2-identities.js';

let dir: string;
let ours: TestIdentity;
let theirs: TestIdentity;
const EDI = Buffer.from('ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261203*1200*U*00401*000000001*0*P*>~\r\nÄ\u0000~', 'latin1');
const ENVELOPE: As2Envelope = { from: 'TRADELANE', to: 'PARTNER CO', messageId: 'm-1@tradelane', subject: 'EDI', receipt: 'sync', signedReceipt: true };

/** The sender's agreement and the receiver's view of the same agreement. */
function agreements(sign: boolean, encrypt: boolean): { sender: As2Agreement; receiver: As2Agreement } {
  const common = { sign, encrypt, micAlgorithm: 'sha-256', encryption: 'aes-256-cbc' } as const;
  return {
    sender: { ...common, ourCertificate: ours.certificate, ourPrivateKey: ours.privateKey, partnerCertificate: theirs.certificate },
    receiver: { ...common, ourCertificate: theirs.certificate, ourPrivateKey: theirs.privateKey, partnerCertificate: ours.certificate },
  };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tradelane-as2-'));
  ours = makeIdentity(dir, 'tradelane-test');
  theirs = makeIdentity(dir, 'partner-test');
});

describe('AS2 messages', () => {
  for (const [sign, encrypt] of [[true, true], [true, false], [false, true], [false, false]] as const) {
    test(`${sign ? 'signed' : 'unsigned'}, ${encrypt ? 'encrypted' : 'in clear'}: the receiver gets the exact bytes and the sender's MIC`, () => {
      const { sender, receiver } = agreements(sign, encrypt);
      const sent = buildAs2(EDI, 'application/edi-x12', 'po-1.x12', ENVELOPE, sender);
      const opened = openAs2(lowerCase(sent.headers), sent.body, receiver);
      expect(opened.payload.equals(EDI)).toBe(true);
      expect(opened).toMatchObject({ signed: sign, encrypted: encrypt, mic: sent.mic, contentType: 'application/edi-x12' });
      if (sign || encrypt) expect(opened.filename).toBe('po-1.x12');
    });
  }

  test('the headers name both sides, quote a name with a space, and ask for a signed receipt in the agreed MIC', () => {
    const sent = buildAs2(EDI, 'application/edi-x12', undefined, ENVELOPE, agreements(true, true).sender);
    expect(sent.headers).toMatchObject({ 'AS2-From': 'TRADELANE', 'AS2-To': '"PARTNER CO"', 'Message-ID': '<m-1@tradelane>', 'Disposition-Notification-To': 'TRADELANE' });
    expect(sent.headers['Disposition-Notification-Options']).toContain('signed-receipt-micalg=optional, sha-256');
    expect(envelopeOf(lowerCase(sent.headers))).toEqual({ from: 'TRADELANE', to: 'PARTNER CO', messageId: 'm-1@tradelane' });
  });

  test('security the agreement requires and the message lacks is refused with the MDN modifier that names it', () => {
    const { sender, receiver } = agreements(false, false);
    const clear = buildAs2(EDI, 'application/edi-x12', undefined, ENVELOPE, sender);
    expect(() => openAs2(lowerCase(clear.headers), clear.body, { ...receiver, encrypt: true }))
      .toThrow(expect.objectContaining({ code: 'AS2_NOT_ENCRYPTED', details: [expect.objectContaining({ disposition: 'insufficient-message-security' })] }));
    expect(() => openAs2(lowerCase(clear.headers), clear.body, { ...receiver, sign: true }))
      .toThrow(expect.objectContaining({ code: 'AS2_NOT_SIGNED' }));
  });

  test('a message signed by someone else, or encrypted for someone else, is refused as authentication-failed / decryption-failed', () => {
    const { sender, receiver } = agreements(true, false);
    const signed = buildAs2(EDI, 'application/edi-x12', undefined, ENVELOPE, sender);
    expect(() => openAs2(lowerCase(signed.headers), signed.body, { ...receiver, partnerCertificate: theirs.certificate }))
      .toThrow(expect.objectContaining({ code: 'AS2_SIGNATURE_INVALID', details: [expect.objectContaining({ disposition: 'authentication-failed' })] }));
    const encrypted = buildAs2(EDI, 'application/edi-x12', undefined, ENVELOPE, agreements(false, true).sender);
    expect(() => openAs2(lowerCase(encrypted.headers), encrypted.body, { ...receiver, ourCertificate: ours.certificate, ourPrivateKey: ours.privateKey }))
      .toThrow(expect.objectContaining({ code: 'AS2_DECRYPT_FAILED', details: [expect.objectContaining({ disposition: 'decryption-failed' })] }));
  });

  test('a request without AS2 headers is a located AS2_BAD_REQUEST', () => {
    expect(() => envelopeOf({ 'as2-from': 'X' })).toThrow(expect.objectContaining({
      code: 'AS2_BAD_REQUEST', details: [{ path: 'header.as2-to', message: 'is required' }, { path: 'header.message-id', message: 'is required' }],
    }));
  });

  test('the receipt uses the MIC algorithm the sender asked for when we support it', () => {
    expect(requestedMic('signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-512, sha1', 'sha-256')).toBe('sha-512');
    expect(requestedMic('signed-receipt-micalg=required, md5', 'sha-256')).toBe('sha-256');
    expect(requestedMic(undefined, 'sha-384')).toBe('sha-384');
  });

  test('a message signed and encrypted by openssl smime opens, with the MIC openssl would have to be answered with', () => {
    const entity = Buffer.concat([Buffer.from('Content-Type: application/edi-x12\r\n\r\n'), EDI]);
    const entityFile = path.join(dir, 'entity.bin');
    writeFileSync(entityFile, entity);
    const signed = execFileSync('openssl', ['smime', '-sign', '-binary', '-md', 'sha256', '-signer', ours.certificateFile, '-inkey', ours.privateKeyFile, '-in', entityFile], { stdio: 'pipe' });
    const signedFile = path.join(dir, 'signed.eml');
    writeFileSync(signedFile, signed);
    const encrypted = execFileSync('openssl', ['smime', '-encrypt', '-binary', '-aes256', '-outform', 'DER', '-in', signedFile, theirs.certificateFile], { stdio: 'pipe' });
    const opened = openAs2({ 'content-type': 'application/pkcs7-mime; smime-type=enveloped-data', 'as2-from': 'TRADELANE', 'as2-to': 'PARTNER CO', 'message-id': '<x@y>' },
      encrypted, agreements(true, true).receiver);
    expect(opened.payload.equals(EDI)).toBe(true);
    expect(opened.signed).toBe(true);
  });
});

describe('AS2 receipts (MDN)', () => {
  test('a signed receipt for a processed message carries the MIC and verifies against the sender\'s certificate', () => {
    const mdn = buildMdn({
      from: 'PARTNER CO', to: 'TRADELANE', originalMessageId: 'm-1@tradelane', mic: 'abc=, sha-256', explanation: 'Received',
      signWith: { certificate: theirs.certificate, privateKey: theirs.privateKey, micAlgorithm: 'sha-256' },
    }, 'mdn-1@partner');
    expect(mdn.headers).toMatchObject({ 'AS2-From': '"PARTNER CO"', 'AS2-To': 'TRADELANE', 'Message-ID': '<mdn-1@partner>' });
    const read = readMdn(mdn.headers['Content-Type'], mdn.body, theirs.certificate);
    expect(read).toEqual({
      originalMessageId: 'm-1@tradelane', mic: 'abc=, sha-256', signed: true, explanation: 'Received',
      disposition: { ok: true, text: 'automatic-action/MDN-sent-automatically; processed' },
    });
  });

  test('an error receipt says which check failed, and a receipt signed by someone else is refused', () => {
    const mdn = buildMdn({
      from: 'PARTNER CO', to: 'TRADELANE', originalMessageId: 'm-2@tradelane', error: 'decryption-failed', explanation: 'could not decrypt',
      signWith: { certificate: theirs.certificate, privateKey: theirs.privateKey, micAlgorithm: 'sha-256' },
    }, 'mdn-2@partner');
    expect(readMdn(mdn.headers['Content-Type'], mdn.body, theirs.certificate).disposition).toEqual({
      ok: false, modifier: 'decryption-failed', text: 'automatic-action/MDN-sent-automatically; processed/error: decryption-failed',
    });
    expect(() => readMdn(mdn.headers['Content-Type'], mdn.body, ours.certificate)).toThrow(expect.objectContaining({ code: 'AS2_SIGNATURE_INVALID' }));
  });

  test('an unsigned receipt with a warning is still processed; something that is no receipt is AS2_MDN_INVALID', () => {
    const mdn = buildMdn({ from: 'P', to: 'T', originalMessageId: 'm-3', warning: 'duplicate-document', explanation: 'seen before' }, 'mdn-3');
    const read = readMdn(mdn.headers['Content-Type'], mdn.body, undefined);
    expect(read.disposition).toMatchObject({ ok: true, modifier: 'duplicate-document' });
    expect(read.signed).toBe(false);
    const plain = parseEntity(Buffer.from('Content-Type: text/plain\r\n\r\nhello'));
    expect(() => readMdn(plain.headers['content-type'], plain.body, undefined)).toThrow(expect.objectContaining({ code: 'AS2_MDN_INVALID' }));
  });
});
