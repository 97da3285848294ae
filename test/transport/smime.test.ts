// S/MIME for AS2 checked both ways against OpenSSL's `openssl cms`: what we sign and encrypt, OpenSSL verifies and decrypts, and the reverse.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { computeMic, decrypt, encrypt, signDetached, verifyDetached } from '../../nodes/transport/as2/smime.js';
import { makeIdentity, type TestIdentity } from './as2-identities.js';

let dir: string;
let ours: TestIdentity;
let theirs: TestIdentity;
const CONTENT = Buffer.from('Content-Type: application/edi-x12\r\n\r\nISA*00*          *00*          *ZZ*SENDER~\r\nÄ binary \u0000 byte', 'latin1');

function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function file(name: string, data: Buffer | string): string {
  const target = path.join(dir, name);
  writeFileSync(target, data);
  return target;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tradelane-smime-'));
  ours = makeIdentity(dir, 'tradelane-test');
  theirs = makeIdentity(dir, 'partner-test');
});

describe('S/MIME signatures', () => {
  test('what we sign, openssl cms verifies (detached, DER)', () => {
    const signature = signDetached(CONTENT, ours.certificate, ours.privateKey, 'sha-256');
    const output = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', file('ours.p7s', signature), '-content', file('content.bin', CONTENT), '-CAfile', ours.certificateFile, '-purpose', 'any']);
    expect(output.equals(CONTENT)).toBe(true);
  });

  test('what openssl signs we verify with the partner\'s certificate, and we name the digest it used', () => {
    const signature = openssl(['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha384', '-signer', theirs.certificateFile, '-inkey', theirs.privateKeyFile, '-in', file('content.bin', CONTENT)]);
    expect(verifyDetached(CONTENT, signature, theirs.certificate)).toBe('sha-384');
  });

  test('changed content, a signature by someone else, and bytes that are no signature are refused with AS2_SIGNATURE_INVALID', () => {
    const signature = signDetached(CONTENT, theirs.certificate, theirs.privateKey, 'sha-256');
    const changed = Buffer.concat([CONTENT, Buffer.from('!')]);
    expect(() => verifyDetached(changed, signature, theirs.certificate)).toThrow(expect.objectContaining({ code: 'AS2_SIGNATURE_INVALID', message: expect.stringContaining('changed after signing') }));
    expect(() => verifyDetached(CONTENT, signature, ours.certificate)).toThrow(expect.objectContaining({ code: 'AS2_SIGNATURE_INVALID', message: expect.stringContaining('partner\'s certificate') }));
    expect(() => verifyDetached(CONTENT, Buffer.from('not der'), theirs.certificate)).toThrow(expect.objectContaining({ code: 'AS2_SIGNATURE_INVALID' }));
  });

  test('the MIC is the digest of the signed entity, base64, with its algorithm', () => {
    expect(computeMic(CONTENT, 'sha-256')).toBe(`${createHash('sha256').update(CONTENT).digest('base64')}, sha-256`);
  });
});

describe('S/MIME encryption', () => {
  test('what we encrypt for the partner, openssl cms decrypts with the partner\'s key', () => {
    const enveloped = encrypt(CONTENT, theirs.certificate, 'aes-256-cbc');
    const output = openssl(['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', file('ours.p7m', enveloped), '-recip', theirs.certificateFile, '-inkey', theirs.privateKeyFile]);
    expect(output.equals(CONTENT)).toBe(true);
  });

  test('what openssl encrypts for us (AES-256 and 3DES, RSA key transport) we decrypt', () => {
    for (const cipher of ['-aes256', '-des3']) {
      const enveloped = openssl(['cms', '-encrypt', '-binary', '-outform', 'DER', cipher, '-in', file('content.bin', CONTENT), ours.certificateFile]);
      expect(decrypt(enveloped, ours.certificate, ours.privateKey).equals(CONTENT)).toBe(true);
    }
  });

  test('a message encrypted for another certificate is refused with AS2_DECRYPT_FAILED, naming the likely cause', () => {
    const enveloped = encrypt(CONTENT, theirs.certificate, 'aes-128-cbc');
    expect(() => decrypt(enveloped, ours.certificate, ours.privateKey)).toThrow(expect.objectContaining({ code: 'AS2_DECRYPT_FAILED', message: expect.stringContaining('not encrypted for our certificate') }));
    expect(() => decrypt(Buffer.from('garbage'), ours.certificate, ours.privateKey)).toThrow(expect.objectContaining({ code: 'AS2_DECRYPT_FAILED' }));
    expect(readFileSync(ours.certificateFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
