// Trading partners: identity, status, tolerance policy and the hashed API key (the plaintext key is shown once, never stored).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PartnerDirectory, PartnerSummary, TolerancePolicy } from '../../nodes/sdk/index.js';
import { openCollection, type Collection } from './collection.js';

export interface Partner extends PartnerSummary {
  createdAt: string;
  hasApiKey: boolean;
}

interface PartnerRecord {
  _id: string;
  name: string;
  status: 'active' | 'suspended';
  tolerance?: TolerancePolicy;
  apiKeyHash?: string;
  createdAt: string;
}

function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return `tlk_${randomBytes(24).toString('base64url')}`;
}

function toPartner(record: PartnerRecord): Partner {
  return {
    id: record._id, name: record.name, status: record.status, createdAt: record.createdAt, hasApiKey: Boolean(record.apiKeyHash),
    ...(record.tolerance ? { tolerance: record.tolerance } : {}),
  };
}

export class PartnerStore implements PartnerDirectory {
  private readonly partners: Collection<PartnerRecord>;

  constructor(dataDir: string) {
    this.partners = openCollection<PartnerRecord>(dataDir, 'partners');
  }

  async list(): Promise<Partner[]> {
    return (await this.partners.find({}).sort({ _id: 1 })).map(toPartner);
  }

  async get(partnerId: string): Promise<Partner | undefined> {
    const record = await this.partners.findOne({ _id: partnerId });
    return record ? toPartner(record) : undefined;
  }

  async create(input: { id: string; name: string; tolerance?: TolerancePolicy }): Promise<Partner> {
    if (await this.partners.findOne({ _id: input.id })) throw new Error(`partner "${input.id}" already exists`);
    const record: PartnerRecord = { _id: input.id, name: input.name, status: 'active', createdAt: new Date().toISOString(), ...(input.tolerance ? { tolerance: input.tolerance } : {}) };
    await this.partners.insert(record);
    return toPartner(record);
  }

  /** Sets a new API key (generated unless given) and returns it: the only time the plaintext exists outside the caller. */
  async rotateApiKey(partnerId: string, key = generateApiKey()): Promise<string> {
    const updated = await this.partners.update({ _id: partnerId }, { $set: { apiKeyHash: hashApiKey(key) } });
    if (updated === 0) throw new Error(`partner "${partnerId}" does not exist`);
    return key;
  }

  async verifyApiKey(partnerId: string, apiKey: string): Promise<boolean> {
    const record = await this.partners.findOne({ _id: partnerId });
    if (!record?.apiKeyHash || record.status !== 'active') return false;
    const expected = Buffer.from(record.apiKeyHash, 'hex');
    const actual = Buffer.from(hashApiKey(apiKey), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
