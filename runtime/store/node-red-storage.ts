// Node-RED storageModule backed by our stores: flows come from the version history, credentials and settings from nedb.
import type { FlowNode } from '../engine/flow-types.js';
import type { FlowStore } from './flow-store.js';
import { openCollection, type Collection } from './collection.js';

interface BlobRecord {
  _id: string;
  /** JSON text: Node-RED's encrypted credentials look like {"$": "..."} and nedb forbids "$" keys. */
  json: string;
}

/**
 * Node-RED asks this module for the flows at start. The version history is the single source of truth,
 * so saveFlows() stores nothing: the engine records a version only after Node-RED accepted the deploy.
 */
export function createNodeRedStorage(dataDir: string, flows: FlowStore) {
  const blobs: Collection<BlobRecord> = openCollection<BlobRecord>(dataDir, 'node-red');

  async function readBlob<T>(id: string, fallback: T): Promise<T> {
    const record = await blobs.findOne({ _id: id });
    return record ? (JSON.parse(record.json) as T) : fallback;
  }
  async function writeBlob(id: string, value: unknown): Promise<void> {
    await blobs.update({ _id: id }, { _id: id, json: JSON.stringify(value) }, { upsert: true });
  }

  return {
    init: async () => undefined,
    getFlows: async (): Promise<FlowNode[]> => (await flows.allCurrent()).flatMap((flow) => flow.nodes),
    saveFlows: async () => undefined,
    getCredentials: () => readBlob<Record<string, unknown>>('credentials', {}),
    saveCredentials: (credentials: unknown) => writeBlob('credentials', credentials),
    getSettings: () => readBlob<Record<string, unknown>>('settings', {}),
    saveSettings: (settings: unknown) => writeBlob('settings', settings),
    getSessions: async () => ({}),
    saveSessions: async () => undefined,
    getLibraryEntry: async () => [],
    saveLibraryEntry: async () => undefined,
  };
}
