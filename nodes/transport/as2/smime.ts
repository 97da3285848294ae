// S/MIME for AS2 on node-forge: detached signatures, enveloped (encrypted) data, and the MIC a receipt returns; signatures are verified against the partner's pinned certificate.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import forge from 'node-forge';
import { NodeError } from '../../sdk/index.js';

const { asn1, pki, pkcs7 } = forge;

/** The digests AS2 partners use, by their MIME micalg name, with their OIDs and Node's name. */
const DIGESTS = {
  'sha-256': { oid: pki.oids.sha256!, node: 'sha256' },
  'sha-384': { oid: pki.oids.sha384!, node: 'sha384' },
  'sha-512': { oid: pki.oids.sha512!, node: 'sha512' },
  sha1: { oid: pki.oids.sha1!, node: 'sha1' },
} as const;
export type MicAlgorithm = keyof typeof DIGESTS;

const ENCRYPTIONS = { 'aes-256-cbc': pki.oids['aes256-CBC']!, 'aes-128-cbc': pki.oids['aes128-CBC']!, '3des': pki.oids['des-EDE3-CBC']! } as const;
export type EncryptionAlgorithm = keyof typeof ENCRYPTIONS;

export function isMicAlgorithm(name: string): name is MicAlgorithm {
  return Object.hasOwn(DIGESTS, name);
}

function binary(data: Buffer): string {
  return data.toString('latin1');
}

function bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function smimeError(code: string, message: string, cause?: unknown): NodeError {
  return new NodeError(code, message, { retryable: false, ...(cause === undefined ? {} : { cause }), details: [{ path: 'smime', message }] });
}

/** The MIC of the signed entity (or the whole payload when unsigned), as the receipt's Received-Content-MIC carries it. */
export function computeMic(entity: Buffer, algorithm: MicAlgorithm): string {
  return `${createHash(DIGESTS[algorithm].node).update(entity).digest('base64')}, ${algorithm}`;
}

/** A PKCS#7 detached signature (DER) over content, with the signing time, content type and digest as signed attributes. */
export function signDetached(content: Buffer, certificatePem: string, privateKeyPem: string, algorithm: MicAlgorithm): Buffer {
  const certificate = pki.certificateFromPem(certificatePem);
  const signed = pkcs7.createSignedData();
  signed.content = forge.util.createBuffer(binary(content));
  signed.addCertificate(certificate);
  signed.addSigner({
    key: pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey,
    certificate,
    digestAlgorithm: DIGESTS[algorithm].oid,
    authenticatedAttributes: [
      { type: pki.oids.contentType!, value: pki.oids.data! },
      { type: pki.oids.messageDigest! },
      { type: pki.oids.signingTime!, value: new Date() as unknown as string },
    ],
  });
  signed.sign({ detached: true });
  return bytes(asn1.toDer(signed.toAsn1()).getBytes());
}

interface SignerParts {
  digestOid: string;
  signedAttributes: forge.asn1.Asn1[] | undefined;
  signature: Buffer;
}

/** Reads the one SignerInfo of a SignedData by walking its fields (forge parses SignedData but does not verify it). */
function signerOf(signatureDer: Buffer): SignerParts {
  let message: ReturnType<typeof pkcs7.messageFromAsn1>;
  try {
    message = pkcs7.messageFromAsn1(asn1.fromDer(binary(signatureDer)));
  } catch (error) {
    throw smimeError('AS2_SIGNATURE_INVALID', `the signature is not PKCS#7 signed data: ${(error as Error).message}`, error);
  }
  const infos = (message as unknown as { rawCapture?: { signerInfos?: forge.asn1.Asn1[] } }).rawCapture?.signerInfos ?? [];
  const fields = infos[0]?.value as forge.asn1.Asn1[] | undefined;
  if (!fields || fields.length < 5) throw smimeError('AS2_SIGNATURE_INVALID', 'the signature has no signer');
  const digestOid = asn1.derToOid(((fields[2]!.value as forge.asn1.Asn1[])[0]!.value) as string);
  const hasAttributes = fields[3]!.tagClass === asn1.Class.CONTEXT_SPECIFIC && fields[3]!.type === 0;
  const signatureField = fields[hasAttributes ? 5 : 4];
  if (!signatureField) throw smimeError('AS2_SIGNATURE_INVALID', 'the signer has no signature value');
  return { digestOid, signedAttributes: hasAttributes ? (fields[3]!.value as forge.asn1.Asn1[]) : undefined, signature: bytes(signatureField.value as string) };
}

function attributeValue(attributes: forge.asn1.Asn1[], oid: string): string | undefined {
  for (const attribute of attributes) {
    const [type, values] = attribute.value as forge.asn1.Asn1[];
    if (type && asn1.derToOid(type.value as string) === oid) return ((values?.value as forge.asn1.Asn1[])[0]?.value) as string;
  }
  return undefined;
}

/**
 * Verifies a detached signature over content with the partner's certificate (not one the message carries: that would
 * trust whoever signed). Returns the digest algorithm the signer used, for the MIC.
 */
export function verifyDetached(content: Buffer, signatureDer: Buffer, partnerCertificatePem: string): MicAlgorithm {
  const signer = signerOf(signatureDer);
  const algorithm = (Object.keys(DIGESTS) as MicAlgorithm[]).find((name) => DIGESTS[name].oid === signer.digestOid);
  if (!algorithm) throw smimeError('AS2_SIGNATURE_INVALID', `the signature uses digest ${signer.digestOid}, which is not supported`);
  const hash = DIGESTS[algorithm].node;
  let signedBytes = content;
  if (signer.signedAttributes) {
    const digest = attributeValue(signer.signedAttributes, pki.oids.messageDigest!);
    if (digest === undefined || !bytes(digest).equals(createHash(hash).update(content).digest())) {
      throw smimeError('AS2_SIGNATURE_INVALID', 'the signed digest does not match the content: it was changed after signing');
    }
    signedBytes = bytes(asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, signer.signedAttributes)).getBytes());
  }
  const key = createPublicKey(partnerCertificatePem);
  if (!verifySignature(hash, signedBytes, key, signer.signature)) {
    throw smimeError('AS2_SIGNATURE_INVALID', 'the signature does not verify with the partner\'s certificate');
  }
  return algorithm;
}

/** Enveloped data (DER) for the partner's certificate: a fresh content key, encrypted with the partner's RSA key. */
export function encrypt(content: Buffer, partnerCertificatePem: string, algorithm: EncryptionAlgorithm): Buffer {
  const enveloped = pkcs7.createEnvelopedData();
  enveloped.addRecipient(pki.certificateFromPem(partnerCertificatePem));
  enveloped.content = forge.util.createBuffer(binary(content));
  enveloped.encrypt(undefined, ENCRYPTIONS[algorithm]);
  return bytes(asn1.toDer(enveloped.toAsn1()).getBytes());
}

/** Decrypts enveloped data addressed to our certificate. */
export function decrypt(envelopedDer: Buffer, certificatePem: string, privateKeyPem: string): Buffer {
  try {
    const message = pkcs7.messageFromAsn1(asn1.fromDer(binary(envelopedDer))) as forge.pkcs7.PkcsEnvelopedData;
    const recipient = message.findRecipient(pki.certificateFromPem(certificatePem));
    if (!recipient) throw smimeError('AS2_DECRYPT_FAILED', 'the message is not encrypted for our certificate (wrong certificate, or a certificate the partner has not replaced)');
    message.decrypt(recipient, pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey);
    return bytes((message.content as forge.util.ByteStringBuffer).getBytes());
  } catch (error) {
    if (error instanceof NodeError) throw error;
    throw smimeError('AS2_DECRYPT_FAILED', `the message could not be decrypted: ${(error as Error).message}`, error);
  }
}
