// Flows and their per-flow version history (n, author, message, createdAt, hash, flow) in nedb; node credentials sealed in every version.
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import { FlowSecrets, hasPlainCredentials, maskFlow } from '../security/flow-secrets.js';
import { compactNow, openCollection, type Collection } from './collection.js';
import { contentHash } from './stable-json.js';

export interface FlowVersion {
  n: number;
  author: string;
  message: string;
  createdAt: string;
  hash: string;
  flow: FlowNode[];
  /** Versions of the node types this version was deployed with; absent for versions stored before node versions existed (all 1). */
  nodeVersions?: Record<string, number>;
}

export interface FlowSummary {
  id: string;
  label: string;
  version: number;
  deployedAt: string;
  deployedBy: string;
  partnerId?: string;
  template?: string;
  nodeCount: number;
}

interface FlowRecord {
  _id: string;
  label: string;
  version: number;
  deployedAt: string;
  deployedBy: string;
  partnerId?: string;
  template?: string;
  nodeCount: number;
}

interface VersionRecord {
  _id: string;
  flowId: string;
  n: number;
  author: string;
  message: string;
  createdAt: string;
  hash: string;
  /** Stored as a string: nedb forbids keys starting with "$", which Node-RED content and sealed credentials contain. */
  flowJson: string;
  /** Stored as a string too: node type names contain spaces ("http in"), harmless in nedb but kept opaque like the flow. */
  nodeVersionsJson?: string;
}

/** The current version of a stored flow, with the node versions it was deployed with: what the engine loads at start. */
export interface StoredCurrentFlow {
  flow: FlowDocument;
  version: number;
  nodeVersions?: Record<string, number>;
}

export interface NewVersion {
  flow: FlowDocument;
  author: string;
  message: string;
  partnerId?: string;
  template?: string;
}

function nodeVersionsField(json: string | undefined): { nodeVersions?: Record<string, number> } {
  return json ? { nodeVersions: JSON.parse(json) as Record<string, number> } : {};
}

/** A removed flow as the history knows it. */
export interface DeletedFlow {
  id: string;
  label: string;
  lastVersion: number;
  lastDeployedAt: string;
  lastDeployedBy: string;
}

function tabLabel(nodes: readonly FlowNode[], fallback: string): string {
  const tab = nodes.find((node) => node.type === 'tab');
  return typeof tab?.label === 'string' && tab.label ? tab.label : fallback;
}

function toSummary(record: FlowRecord): FlowSummary {
  const { _id, ...rest } = record;
  return { id: _id, ...rest };
}

export class FlowStore {
  private readonly flows: Collection<FlowRecord>;
  private readonly versions: Collection<VersionRecord>;

  /** Template secrets of a flow (from its template instance) that must be sealed wherever they appear. */
  private secretValuesOf: (flowId: string) => Promise<string[]> = async () => [];

  /** Versions of the node types a flow holds, recorded with each version; set once the node catalog is known. */
  private nodeVersionsOf: (nodes: readonly FlowNode[]) => Record<string, number> | undefined = () => undefined;

  /** Readers get credentials in clear (the engine needs them); the API shows storedForm() through displayForm(). */
  constructor(dataDir: string, private readonly secrets: FlowSecrets) {
    this.flows = openCollection<FlowRecord>(dataDir, 'flows');
    this.versions = openCollection<VersionRecord>(dataDir, 'flow-versions');
    void this.versions.ensureIndex({ fieldName: 'flowId' });
  }

  /** Set once the template instances are open (they are created after the flow store). */
  useSecretValues(provider: (flowId: string) => Promise<string[]>): void {
    this.secretValuesOf = provider;
  }

  /** Records, with every version from now on, the node versions it is deployed with (so a later runtime can migrate it). */
  useNodeVersions(versionsOf: (nodes: readonly FlowNode[]) => Record<string, number>): void {
    this.nodeVersionsOf = versionsOf;
  }

  async list(): Promise<FlowSummary[]> {
    const records = await this.flows.find({}).sort({ label: 1 });
    return records.map(toSummary);
  }

  async get(flowId: string): Promise<FlowSummary | undefined> {
    const record = await this.flows.findOne({ _id: flowId });
    return record ? toSummary(record) : undefined;
  }

  /** Appends version n+1 and makes it current. */
  async addVersion(input: NewVersion): Promise<FlowVersion> {
    const existing = await this.flows.findOne({ _id: input.flow.id });
    // Numbering continues over the whole history, also when a removed flow id is deployed again.
    const [latest] = await this.versions.find({ flowId: input.flow.id }).sort({ n: -1 }).limit(1);
    const n = (latest?.n ?? 0) + 1;
    const createdAt = new Date().toISOString();
    // The hash covers the masked content: a hash of a credential in clear would let anyone reading it test guesses.
    const nodeVersions = this.nodeVersionsOf(input.flow.nodes);
    const version: FlowVersion = { n, author: input.author, message: input.message, createdAt, hash: contentHash(maskFlow(input.flow.nodes)), flow: input.flow.nodes, ...(nodeVersions ? { nodeVersions } : {}) };
    await this.versions.insert({
      _id: `${input.flow.id}@${n}`, flowId: input.flow.id, n, author: input.author, message: input.message, createdAt, hash: version.hash, flowJson: JSON.stringify(this.secrets.seal(input.flow.nodes, await this.secretValuesOf(input.flow.id))),
      ...(nodeVersions ? { nodeVersionsJson: JSON.stringify(nodeVersions) } : {}),
    });
    const record: FlowRecord = {
      _id: input.flow.id,
      label: input.flow.label,
      version: n,
      deployedAt: createdAt,
      deployedBy: input.author,
      nodeCount: input.flow.nodes.length - 1,
      ...(input.partnerId ?? existing?.partnerId ? { partnerId: input.partnerId ?? existing?.partnerId } : {}),
      ...(input.template ?? existing?.template ? { template: input.template ?? existing?.template } : {}),
    };
    await this.flows.update({ _id: input.flow.id }, record, { upsert: true });
    return version;
  }

  async listVersions(flowId: string): Promise<Array<Omit<FlowVersion, 'flow'>>> {
    const records = await this.versions.find({ flowId }).sort({ n: -1 });
    return records.map(({ n, author, message, createdAt, hash, nodeVersionsJson }) => ({ n, author, message, createdAt, hash, ...nodeVersionsField(nodeVersionsJson) }));
  }

  async getVersion(flowId: string, n: number): Promise<FlowVersion | undefined> {
    const record = await this.versions.findOne({ _id: `${flowId}@${n}` });
    if (!record) return undefined;
    return { n: record.n, author: record.author, message: record.message, createdAt: record.createdAt, hash: record.hash, flow: this.secrets.unseal(JSON.parse(record.flowJson) as FlowNode[]), ...nodeVersionsField(record.nodeVersionsJson) };
  }

  /** The version as stored: credentials (and legacy template secrets) sealed. Only for displayForm() and mask restoring. */
  async storedForm(flowId: string, n: number): Promise<FlowNode[] | undefined> {
    const record = await this.versions.findOne({ _id: `${flowId}@${n}` });
    return record ? (JSON.parse(record.flowJson) as FlowNode[]) : undefined;
  }

  /**
   * Seals credentials and template secrets that older versions stored in clear, in place in every version, then
   * compacts so the clear lines leave the file. Idempotent: sealed values are left alone. Returns how many versions changed.
   */
  async sealPlainCredentials(): Promise<number> {
    let sealed = 0;
    for (const record of await this.versions.find({})) {
      const nodes = JSON.parse(record.flowJson) as FlowNode[];
      const alsoSecret = await this.secretValuesOf(record.flowId);
      if (!hasPlainCredentials(nodes) && !FlowSecrets.containsPlain(nodes, alsoSecret)) continue;
      const plain = this.secrets.unseal(nodes);
      await this.versions.update({ _id: record._id }, { $set: { flowJson: JSON.stringify(this.secrets.seal(nodes, alsoSecret)), hash: contentHash(maskFlow(plain)) } });
      sealed++;
    }
    if (sealed) await compactNow(this.versions);
    return sealed;
  }

  async current(flowId: string): Promise<FlowVersion | undefined> {
    const record = await this.flows.findOne({ _id: flowId });
    return record ? this.getVersion(flowId, record.version) : undefined;
  }

  /** The deployed content of every flow, for the engine at start. */
  async allCurrent(): Promise<FlowDocument[]> {
    const records = await this.flows.find({});
    const documents: FlowDocument[] = [];
    for (const record of records) {
      const version = await this.getVersion(record._id, record.version);
      if (version) documents.push({ id: record._id, label: record.label, nodes: version.flow });
    }
    return documents;
  }

  /** The current version of every flow with the node versions it was deployed with, for migration at start. */
  async allCurrentVersions(): Promise<StoredCurrentFlow[]> {
    const stored: StoredCurrentFlow[] = [];
    for (const record of await this.flows.find({})) {
      const version = await this.getVersion(record._id, record.version);
      if (version) stored.push({ flow: { id: record._id, label: record.label, nodes: version.flow }, version: version.n, ...(version.nodeVersions ? { nodeVersions: version.nodeVersions } : {}) });
    }
    return stored;
  }

  /** Flows removed from the deployed set whose history remains: the latest version of each, label from its tab node. */
  async listDeleted(): Promise<DeletedFlow[]> {
    const deployed = new Set((await this.flows.find({})).map((record) => record._id));
    const latest = new Map<string, VersionRecord>();
    for (const record of await this.versions.find({})) {
      if (deployed.has(record.flowId)) continue;
      const seen = latest.get(record.flowId);
      if (!seen || record.n > seen.n) latest.set(record.flowId, record);
    }
    return [...latest.values()].map((record) => ({
      id: record.flowId, label: tabLabel(JSON.parse(record.flowJson) as FlowNode[], record.flowId),
      lastVersion: record.n, lastDeployedAt: record.createdAt, lastDeployedBy: record.author,
    })).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Removes the flow from the deployed set; its version history stays for audit. */
  async remove(flowId: string): Promise<boolean> {
    return (await this.flows.remove({ _id: flowId }, {})) > 0;
  }
}
