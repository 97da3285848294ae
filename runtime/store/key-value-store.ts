// Durable key-value namespaces for nodes (idempotency keys, control numbers): in-memory map, nedb as the log.
import type { Clock, KeyValueStore } from '../../nodes/sdk/index.js';
import { openCollection, type Collection } from './collection.js';

interface EntryRecord {
  _id: string;
  namespace: string;
  key: string;
  valueJson: string;
  expiresAt?: number;
}

interface Entry {
  value: unknown;
  expiresAt?: number;
}

/** All namespaces share one file; reads come from memory, writes resolve after the append. */
export class KeyValueStores {
  private readonly collection: Collection<EntryRecord>;
  private readonly entries = new Map<string, Entry>();
  private readonly loaded: Promise<void>;
  private readonly namespaces = new Map<string, KeyValueStore>();

  constructor(dataDir: string, private readonly clock: Clock) {
    this.collection = openCollection<EntryRecord>(dataDir, 'key-values');
    this.loaded = this.load();
  }

  private async load(): Promise<void> {
    const now = this.clock.now();
    for (const record of await this.collection.find({})) {
      if (record.expiresAt !== undefined && record.expiresAt <= now) continue;
      this.entries.set(record._id, { value: JSON.parse(record.valueJson), expiresAt: record.expiresAt });
    }
    await this.collection.remove({ expiresAt: { $lte: now } }, { multi: true });
  }

  ready(): Promise<void> {
    return this.loaded;
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(id);
      void this.collection.remove({ _id: id }, {});
      return undefined;
    }
    return entry;
  }

  private async write(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<void> {
    const id = `${namespace}\u0000${key}`;
    const expiresAt = ttlMs === undefined ? undefined : this.clock.now() + ttlMs;
    this.entries.set(id, { value, expiresAt });
    const record: EntryRecord = { _id: id, namespace, key, valueJson: JSON.stringify(value), ...(expiresAt === undefined ? {} : { expiresAt }) };
    await this.collection.update({ _id: id }, record, { upsert: true });
  }

  namespace(name: string): KeyValueStore {
    const existing = this.namespaces.get(name);
    if (existing) return existing;
    const id = (key: string) => `${name}\u0000${key}`;
    const store: KeyValueStore = {
      get: async <T>(key: string) => {
        await this.loaded;
        return this.live(id(key))?.value as T | undefined;
      },
      set: async (key, value, options = {}) => {
        await this.loaded;
        await this.write(name, key, value, options.ttlMs);
      },
      setIfAbsent: async (key, value, options = {}) => {
        await this.loaded;
        if (this.live(id(key))) return false;
        // The in-memory map is updated synchronously inside write(), so a concurrent caller sees the key at once.
        await this.write(name, key, value, options.ttlMs);
        return true;
      },
      delete: async (key) => {
        await this.loaded;
        this.entries.delete(id(key));
        await this.collection.remove({ _id: id(key) }, {});
      },
    };
    this.namespaces.set(name, store);
    return store;
  }
}
