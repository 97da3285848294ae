// Config shared by the AS2 nodes: both AS2 names, both certificates, our sealed private key, and the security each direction uses; checked once at start.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { NodeError, type JSONSchema, type NodeContext } from '../../sdk/index.js';
import type { As2Agreement } from './as2-message.js';
import type { EncryptionAlgorithm, MicAlgorithm } from './smime.js';

export interface As2AgreementConfig {
  partnerId: string;
  ourAs2Id: string;
  partnerAs2Id: string;
  ourCertificate: string;
  partnerCertificate: string;
  sign: boolean;
  encrypt: boolean;
  micAlgorithm: MicAlgorithm;
  encryption: EncryptionAlgorithm;
}

/** AS2 names: 1-128 printable ASCII characters (RFC 4130 §6.2); a space is allowed and quoted on the wire. */
const AS2_NAME: JSONSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[ -~]+$' };
const PEM_CERTIFICATE: JSONSchema = { type: 'string', minLength: 1, maxLength: 20_000, pattern: '-----BEGIN CERTIFICATE-----', 'x-widget': 'textarea' };

export const as2AgreementProperties: Record<string, JSONSchema> = {
  partnerId: { type: 'string', default: '', maxLength: 128, title: 'Partner', description: 'The Tradelane partner this agreement is with: the ledger records the messages under it.' },
  ourAs2Id: { ...AS2_NAME, title: 'Our AS2 name', description: 'AS2-From on what we send, AS2-To on what we receive, as agreed with the partner.' },
  partnerAs2Id: { ...AS2_NAME, title: 'Partner AS2 name', description: 'The partner\'s AS2 name; a message from any other name is refused.' },
  ourCertificate: { ...PEM_CERTIFICATE, title: 'Our certificate (PEM)', description: 'The certificate we gave the partner: they encrypt for it and verify our signatures and receipts with it.' },
  partnerCertificate: { ...PEM_CERTIFICATE, title: 'Partner certificate (PEM)', description: 'The certificate the partner gave us, pinned: their signatures must verify with it, and we encrypt for it.' },
  sign: { type: 'boolean', default: true, title: 'Signed', description: 'Sign what we send, and require the partner\'s messages to be signed.' },
  encrypt: { type: 'boolean', default: true, title: 'Encrypted', description: 'Encrypt what we send, and require the partner\'s messages to be encrypted.' },
  micAlgorithm: { enum: ['sha-256', 'sha-384', 'sha-512', 'sha1'], default: 'sha-256', title: 'Signature digest', description: 'For our signatures and receipts; sha1 only for partners that still require it.' },
  encryption: { enum: ['aes-256-cbc', 'aes-128-cbc', '3des'], default: 'aes-256-cbc', title: 'Encryption algorithm', description: 'For what we send; we decrypt whatever the partner used.' },
};

export const as2AgreementRequired = ['ourAs2Id', 'partnerAs2Id', 'ourCertificate', 'partnerCertificate'];

export const as2CredentialsSchema: JSONSchema = {
  type: 'object',
  properties: {
    privateKey: {
      type: 'string', title: 'Our private key (PEM)', 'x-secret': true, 'x-widget': 'textarea',
      description: 'The key of our certificate, unencrypted PKCS#8 or RSA PEM, BEGIN and END lines included. It is stored sealed and never shown again.',
    },
  },
};

export const as2AgreementDocs = `
### Agreement
- **ourAs2Id** / **partnerAs2Id**: the AS2 names both sides agreed on (AS2-From / AS2-To). A message from another name, or to
  another name, is refused.
- **ourCertificate** and the credential **privateKey** (stored sealed, never returned): our identity. The key must belong to
  the certificate; the node refuses to start otherwise.
- **partnerCertificate**: pinned. A signature is checked against it, never against a certificate the message carries.
- **sign** / **encrypt** (both on by default) apply to what we send and are required of what we receive.
- A certificate that has expired, or expires within 30 days, is reported in the node status and the log; it is still used,
  since partners often renew late and the exchange must not stop without warning.`;

const RENEWAL_WARNING_MS = 30 * 86_400_000;

function invalid(path: string, message: string): NodeError {
  return new NodeError('INVALID_CONFIG', `${path} ${message}`, { details: [{ path, message }] });
}

function certificateAt(path: string, pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw invalid(path, `is not a PEM certificate: ${(error as Error).message}`);
  }
}

/** The agreement as the message layer uses it; a broken certificate or key is a located INVALID_CONFIG, so the node does not start. */
export function as2AgreementOf(ctx: NodeContext, config: As2AgreementConfig): As2Agreement {
  const ours = certificateAt('ourCertificate', config.ourCertificate);
  const partners = certificateAt('partnerCertificate', config.partnerCertificate);
  const privateKey = ctx.credentials.privateKey;
  if (!privateKey) throw invalid('credentials.privateKey', 'is required (the key of our certificate)');
  let key;
  try {
    key = createPrivateKey(privateKey);
  } catch (error) {
    throw invalid('credentials.privateKey', `is not a PEM private key: ${(error as Error).message}`);
  }
  if (!ours.checkPrivateKey(key)) throw invalid('credentials.privateKey', 'does not belong to ourCertificate');
  warnAboutExpiry(ctx, { ourCertificate: ours, partnerCertificate: partners });
  return {
    ourCertificate: config.ourCertificate, ourPrivateKey: privateKey, partnerCertificate: config.partnerCertificate,
    sign: config.sign, encrypt: config.encrypt, micAlgorithm: config.micAlgorithm, encryption: config.encryption,
  };
}

function warnAboutExpiry(ctx: NodeContext, certificates: Record<string, X509Certificate>): void {
  const now = ctx.services.clock.now();
  for (const [field, certificate] of Object.entries(certificates)) {
    const expires = Date.parse(certificate.validTo);
    if (expires - now > RENEWAL_WARNING_MS) continue;
    const text = expires <= now ? `${field} expired on ${certificate.validTo}` : `${field} expires on ${certificate.validTo}`;
    ctx.log.warn(text, { field });
    ctx.status({ fill: 'yellow', shape: 'ring', text });
  }
}

/** A Message-ID local part from our AS2 name: RFC 5322 dot-atom characters only. */
export function messageIdDomain(as2Id: string): string {
  return as2Id.replace(/[^A-Za-z0-9.-]/g, '-').replace(/^[.-]+|[.-]+$/g, '') || 'tradelane';
}
