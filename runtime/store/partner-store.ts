// Trading partners: identity, identifiers, SLA, tolerance, auth method, rate limit and credentials (API key HMAC-hashed, secrets sealed).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PartnerAuthMethod, PartnerDirectory, PartnerSummary, Secrets, TolerancePolicy } from '../../nodes/sdk/index.js';
import { openCollection, type Collection } from './collection.js';

export interface PartnerIdentifiers {
  /** ISA05/07 interchange ID qualifier, e.g. "ZZ" or "01". */
  isaQualifier?: string;
  /** ISA06/08 interchange sender/receiver ID. */
  isaId?: string;
  /** GS02/03 application sender/receiver code. */
  gsId?: string;
  /** GS1 Global Location Number (13 digits). */
  gln?: string;
  /** EDIFACT UNB party identification. */
  edifactId?: string;
}

/** The partner's service levels; an absent field is no rule. The overdue sweep (ledger/sla-sweep.ts) checks the first four. */
export interface PartnerSla {
  /** A purchase order must be acknowledged (855, ORDRSP, portal) within this many hours of being sent; fractions allowed (0.25 = 15 minutes). */
  ackWithinHours?: number;
  /** An outbound EDI interchange must get its functional acknowledgement (997/999/CONTRL) within this many minutes; fractions allowed. */
  functionalAckWithinMinutes?: number;
  /** A ship notice must arrive within this many hours of the shipment (the ASN's ship date). */
  asnWithinHoursOfShipment?: number;
  /** A ship notice must arrive this many hours before the goods (the promised, else requested, delivery date); 0: by that date. */
  asnBeforeArrivalHours?: number;
  /** An invoice must follow shipment within this many days (recorded; not checked yet). */
  invoiceWithinDays?: number;
}

/** Requests a partner may send to its endpoints: a token bucket of `burst` tokens refilled at `perSecond`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_PARTNER_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 100 };

/** What an API caller may set; credentials are never part of it. */
export interface PartnerInput {
  id: string;
  name: string;
  status?: 'active' | 'suspended';
  identifiers?: PartnerIdentifiers;
  sla?: PartnerSla;
  tolerance?: TolerancePolicy;
  authMethod?: PartnerAuthMethod;
  webhookUrl?: string;
  rateLimit?: RateLimit;
  legacyV1Signatures?: boolean;
  /** Payload fields the ledger masks in this partner's documents (field names, compared case-insensitively). */
  maskFields?: string[];
}

/** A partner as the API shows it: credential presence and rotation dates, never the secrets themselves. */
export interface Partner extends PartnerSummary {
  identifiers: PartnerIdentifiers;
  sla: PartnerSla;
  authMethod: PartnerAuthMethod;
  rateLimit: RateLimit;
  legacyV1Signatures: boolean;
  maskFields: string[];
  createdAt: string;
  updatedAt: string;
  hasApiKey: boolean;
  hasHmacSecret: boolean;
  hasWebhookSecret: boolean;
  credentialsRotatedAt?: string;
}

/** Which credential a rotation replaces: the inbound one of the partner's auth method, or the webhook signing secret. */
export type CredentialKind = 'api-key' | 'hmac-secret' | 'webhook-secret';

/** Plaintext credentials, returned only by the call that created them. */
export interface IssuedCredentials {
  apiKey?: string;
  hmacSecret?: string;
  webhookSecret?: string;
}

interface PartnerRecord {
  _id: string;
  name: string;
  status: 'active' | 'suspended';
  identifiers?: PartnerIdentifiers;
  sla?: PartnerSla;
  tolerance?: TolerancePolicy;
  authMethod?: PartnerAuthMethod;
  webhookUrl?: string;
  rateLimit?: RateLimit;
  legacyV1Signatures?: boolean;
  maskFields?: string[];
  /** "hmac-sha256:<hex>" keyed by a key derived from TRADELANE_SECRET; plain "<hex>" SHA-256 from older versions until first use. */
  apiKeyHash?: string;
  /** AES-GCM sealed (ctx.services.secrets format "v1.iv.tag.data"). */
  sealedHmacSecret?: string;
  sealedWebhookSecret?: string;
  createdAt: string;
  updatedAt?: string;
  credentialsRotatedAt?: string;
}

export class PartnerNotFoundError extends Error {
  constructor(readonly partnerId: string) {
    super(`partner "${partnerId}" does not exist`);
    this.name = 'PartnerNotFoundError';
  }
}

export class PartnerExistsError extends Error {
  constructor(readonly partnerId: string) {
    super(`partner "${partnerId}" already exists`);
    this.name = 'PartnerExistsError';
  }
}

const HMAC_HASH_PREFIX = 'hmac-sha256:';

/** Keyed, so a copied partners file alone allows no guessing: the attacker also needs TRADELANE_SECRET. */
function macApiKey(macKey: Buffer, key: string): string {
  return HMAC_HASH_PREFIX + createHmac('sha256', macKey).update(key).digest('hex');
}

/** The unkeyed SHA-256 that older versions stored; only read, to migrate on the next successful check. */
function legacyHashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function sameText(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function generateApiKey(): string {
  return `tlk_${randomBytes(24).toString('base64url')}`;
}

export function generateSigningSecret(prefix: 'tlh' | 'tlw'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

function toPartner(record: PartnerRecord): Partner {
  return {
    id: record._id,
    name: record.name,
    status: record.status,
    identifiers: record.identifiers ?? {},
    sla: record.sla ?? {},
    authMethod: record.authMethod ?? 'api-key',
    rateLimit: record.rateLimit ?? DEFAULT_PARTNER_RATE_LIMIT,
    legacyV1Signatures: record.legacyV1Signatures === true,
    maskFields: record.maskFields ?? [],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt ?? record.createdAt,
    hasApiKey: Boolean(record.apiKeyHash),
    hasHmacSecret: Boolean(record.sealedHmacSecret),
    hasWebhookSecret: Boolean(record.sealedWebhookSecret),
    ...(record.tolerance ? { tolerance: record.tolerance } : {}),
    ...(record.webhookUrl ? { webhookUrl: record.webhookUrl } : {}),
    ...(record.credentialsRotatedAt ? { credentialsRotatedAt: record.credentialsRotatedAt } : {}),
  };
}

function editableFields(input: Omit<PartnerInput, 'id'>): Partial<PartnerRecord> {
  const fields: Partial<PartnerRecord> = { name: input.name, identifiers: input.identifiers ?? {}, sla: input.sla ?? {} };
  if (input.status) fields.status = input.status;
  if (input.authMethod) fields.authMethod = input.authMethod;
  if (input.tolerance) fields.tolerance = input.tolerance;
  if (input.webhookUrl) fields.webhookUrl = input.webhookUrl;
  if (input.rateLimit) fields.rateLimit = input.rateLimit;
  fields.legacyV1Signatures = input.legacyV1Signatures === true;
  fields.maskFields = [...new Set((input.maskFields ?? []).map((field) => field.trim()).filter(Boolean))];
  return fields;
}

/** What verifyApiKey needs of a partner, kept in memory so partner requests do not query the store. */
interface ApiKeyCheck {
  apiKeyHash?: string;
  status: PartnerRecord['status'];
  rateLimit: RateLimit;
}

export class PartnerStore implements PartnerDirectory {
  private readonly partners: Collection<PartnerRecord>;
  private readonly apiKeyChecks = new Map<string, ApiKeyCheck>();
  /** Bumped after every write; a lookup that started before a write finished must not fill the cache. */
  private writeGeneration = 0;
  /** Every partner's mask fields: the ledger asks synchronously for each document it records. */
  private readonly maskFieldCache = new Map<string, readonly string[]>();

  /** apiKeyMacKey: derived from TRADELANE_SECRET for this purpose only; API keys are stored as HMACs under it. */
  constructor(dataDir: string, private readonly secrets: Secrets, private readonly apiKeyMacKey: Buffer) {
    this.partners = openCollection<PartnerRecord>(dataDir, 'partners');
  }

  async list(): Promise<Partner[]> {
    return (await this.partners.find({}).sort({ _id: 1 })).map(toPartner);
  }

  async get(partnerId: string): Promise<Partner | undefined> {
    const record = await this.partners.findOne({ _id: partnerId });
    return record ? toPartner(record) : undefined;
  }

  private async record(partnerId: string): Promise<PartnerRecord> {
    const record = await this.partners.findOne({ _id: partnerId });
    if (!record) throw new PartnerNotFoundError(partnerId);
    return record;
  }

  /** Creates a partner without credentials (the caller issues them, e.g. with rotateApiKey). */
  async create(input: PartnerInput): Promise<Partner> {
    if (await this.partners.findOne({ _id: input.id })) throw new PartnerExistsError(input.id);
    const now = new Date().toISOString();
    const record: PartnerRecord = { _id: input.id, status: 'active', authMethod: 'api-key', createdAt: now, updatedAt: now, ...editableFields(input) } as PartnerRecord;
    await this.written(input.id, this.partners.insert(record));
    return toPartner(record);
  }

  /** Creates a partner and issues its inbound credential and webhook secret; the plaintext is returned this once. */
  async register(input: PartnerInput): Promise<{ partner: Partner; credentials: IssuedCredentials }> {
    await this.create(input);
    const credentials: IssuedCredentials = {};
    if ((input.authMethod ?? 'api-key') === 'api-key') credentials.apiKey = await this.rotateApiKey(input.id);
    else credentials.hmacSecret = await this.rotateHmacSecret(input.id);
    credentials.webhookSecret = await this.rotateWebhookSecret(input.id);
    return { partner: (await this.get(input.id))!, credentials };
  }

  /**
   * Replaces the editable fields. Switching to an auth method the partner has no credential for issues one,
   * returned this once.
   */
  async update(partnerId: string, input: Omit<PartnerInput, 'id'>): Promise<{ partner: Partner; credentials: IssuedCredentials }> {
    const existing = await this.record(partnerId);
    const fields = editableFields(input);
    const unset: Record<string, true> = {};
    if (!input.tolerance) unset.tolerance = true;
    if (!input.webhookUrl) unset.webhookUrl = true;
    if (!input.rateLimit) unset.rateLimit = true;
    await this.written(partnerId, this.partners.update({ _id: partnerId }, { $set: { ...fields, updatedAt: new Date().toISOString() }, ...(Object.keys(unset).length ? { $unset: unset } : {}) }));
    const credentials: IssuedCredentials = {};
    if (input.authMethod === 'api-key' && !existing.apiKeyHash) credentials.apiKey = await this.rotateApiKey(partnerId);
    if (input.authMethod === 'hmac' && !existing.sealedHmacSecret) credentials.hmacSecret = await this.rotateHmacSecret(partnerId);
    return { partner: (await this.get(partnerId))!, credentials };
  }

  /** Replaces only the partner's SLA (onboarding one more template onto an existing partner). */
  async setSla(partnerId: string, sla: PartnerSla): Promise<Partner> {
    const updated = await this.written(partnerId, this.partners.update({ _id: partnerId }, { $set: { sla, updatedAt: new Date().toISOString() } }));
    if (updated === 0) throw new PartnerNotFoundError(partnerId);
    return (await this.get(partnerId))!;
  }

  async remove(partnerId: string): Promise<boolean> {
    return (await this.written(partnerId, this.partners.remove({ _id: partnerId }, {}))) > 0;
  }

  private async setCredential(partnerId: string, fields: Partial<PartnerRecord>): Promise<void> {
    const now = new Date().toISOString();
    const updated = await this.written(partnerId, this.partners.update({ _id: partnerId }, { $set: { ...fields, credentialsRotatedAt: now, updatedAt: now } }));
    if (updated === 0) throw new PartnerNotFoundError(partnerId);
  }

  /** Sets a new API key (generated unless given) and returns it: the only time the plaintext exists outside the caller. */
  async rotateApiKey(partnerId: string, key = generateApiKey()): Promise<string> {
    await this.setCredential(partnerId, { apiKeyHash: macApiKey(this.apiKeyMacKey, key) });
    return key;
  }

  /** Sets a new HMAC secret for inbound signatures, stored sealed; returns the plaintext once. */
  async rotateHmacSecret(partnerId: string, secret = generateSigningSecret('tlh')): Promise<string> {
    await this.setCredential(partnerId, { sealedHmacSecret: this.secrets.encrypt(secret) });
    return secret;
  }

  /** Sets a new webhook signing secret, stored sealed; returns the plaintext once. */
  async rotateWebhookSecret(partnerId: string, secret = generateSigningSecret('tlw')): Promise<string> {
    await this.setCredential(partnerId, { sealedWebhookSecret: this.secrets.encrypt(secret) });
    return secret;
  }

  /** Rotates one credential; "auth" means the credential of the partner's current auth method. */
  async rotate(partnerId: string, which: 'auth' | 'webhook'): Promise<{ kind: CredentialKind; value: string }> {
    const record = await this.record(partnerId);
    if (which === 'webhook') return { kind: 'webhook-secret', value: await this.rotateWebhookSecret(partnerId) };
    if ((record.authMethod ?? 'api-key') === 'hmac') return { kind: 'hmac-secret', value: await this.rotateHmacSecret(partnerId) };
    return { kind: 'api-key', value: await this.rotateApiKey(partnerId) };
  }

  /**
   * Every write goes through here. Dropping the partner's cached key check once the write has finished means a
   * rotated key or a suspension is refused from the moment the call that made it resolved.
   */
  private async written<T>(partnerId: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.writeGeneration++;
      this.apiKeyChecks.delete(partnerId);
      await this.refreshMaskFields(partnerId);
    }
  }

  /** Loads every partner's mask fields; call once at start, before anything is recorded. Writes keep them current. */
  async loadMaskFields(): Promise<void> {
    for (const record of await this.partners.find({})) this.cacheMaskFields(record._id, record);
  }

  /** The payload fields masked in this partner's ledger documents; answered from memory. */
  maskFieldsOf(partnerId: string): readonly string[] {
    return this.maskFieldCache.get(partnerId) ?? [];
  }

  private cacheMaskFields(partnerId: string, record: Pick<PartnerRecord, 'maskFields'> | null): void {
    if (record?.maskFields?.length) this.maskFieldCache.set(partnerId, Object.freeze([...record.maskFields]));
    else this.maskFieldCache.delete(partnerId);
  }

  private async refreshMaskFields(partnerId: string): Promise<void> {
    // A failed read keeps the fields known before: masking too much for a moment is better than too little.
    const record = await this.partners.findOne({ _id: partnerId }).catch(() => undefined);
    if (record !== undefined) this.cacheMaskFields(partnerId, record);
  }

  private async apiKeyCheck(partnerId: string): Promise<ApiKeyCheck | undefined> {
    const cached = this.apiKeyChecks.get(partnerId);
    if (cached) return cached;
    const generation = this.writeGeneration;
    const record = await this.partners.findOne({ _id: partnerId });
    if (!record) return undefined; // unknown ids are not cached: they come from request paths and could fill memory
    const check: ApiKeyCheck = { status: record.status, rateLimit: record.rateLimit ?? DEFAULT_PARTNER_RATE_LIMIT, ...(record.apiKeyHash ? { apiKeyHash: record.apiKeyHash } : {}) };
    // A write that finished while this lookup ran may have changed the partner: answer this call, cache nothing.
    if (generation === this.writeGeneration) this.apiKeyChecks.set(partnerId, check);
    return check;
  }

  async verifyApiKey(partnerId: string, apiKey: string): Promise<boolean> {
    const record = await this.apiKeyCheck(partnerId);
    if (!record?.apiKeyHash || record.status !== 'active') return false;
    if (record.apiKeyHash.startsWith(HMAC_HASH_PREFIX)) return sameText(record.apiKeyHash, macApiKey(this.apiKeyMacKey, apiKey));
    if (!sameText(record.apiKeyHash, legacyHashApiKey(apiKey))) return false;
    await this.migrateLegacyHash(partnerId, record.apiKeyHash, apiKey);
    return true;
  }

  /**
   * Replaces an old unkeyed hash with the keyed one, now that the key is known to be right. Conditional on the old
   * hash, so a rotation that raced this check is never overwritten; the rotation date is not touched (the key is the same).
   */
  private async migrateLegacyHash(partnerId: string, legacyHash: string, apiKey: string): Promise<void> {
    await this.written(partnerId, this.partners.update({ _id: partnerId, apiKeyHash: legacyHash }, { $set: { apiKeyHash: macApiKey(this.apiKeyMacKey, apiKey) } }));
  }

  /** The partner's request rate limit for its endpoints; undefined for an unknown partner. Answered from the same cache as key checks. */
  async rateLimitOf(partnerId: string): Promise<RateLimit | undefined> {
    return (await this.apiKeyCheck(partnerId))?.rateLimit;
  }

  async hmacSecret(partnerId: string): Promise<string | undefined> {
    const record = await this.partners.findOne({ _id: partnerId });
    if (!record?.sealedHmacSecret || record.status !== 'active') return undefined;
    return this.secrets.decrypt(record.sealedHmacSecret);
  }

  async webhookSecret(partnerId: string): Promise<string | undefined> {
    const record = await this.partners.findOne({ _id: partnerId });
    if (!record?.sealedWebhookSecret || record.status !== 'active') return undefined;
    return this.secrets.decrypt(record.sealedWebhookSecret);
  }
}
