// Durable list of revoked token ids (logout), each kept until the token would have expired anyway; checked in memory.
import { openCollection, type Collection } from './collection.js';

interface RevokedRecord {
  _id: string;
  expiresAtMs: number;
}

const PRUNE_EVERY_MS = 10 * 60 * 1000;

export class RevokedTokenStore {
  private readonly collection: Collection<RevokedRecord>;
  private readonly revoked = new Map<string, number>();
  private readonly loaded: Promise<void>;
  private readonly pruner: NodeJS.Timeout;

  constructor(dataDir: string, private readonly now: () => number = Date.now) {
    this.collection = openCollection<RevokedRecord>(dataDir, 'revoked-tokens');
    this.loaded = this.load();
    this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS).unref();
  }

  ready(): Promise<void> {
    return this.loaded;
  }

  isRevoked(tokenId: string): boolean {
    return this.revoked.has(tokenId);
  }

  async revoke(tokenId: string, expiresAtMs: number): Promise<void> {
    this.revoked.set(tokenId, expiresAtMs);
    await this.collection.update({ _id: tokenId }, { _id: tokenId, expiresAtMs }, { upsert: true });
  }

  close(): void {
    clearInterval(this.pruner);
  }

  private async load(): Promise<void> {
    for (const record of await this.collection.find({})) this.revoked.set(record._id, record.expiresAtMs);
    await this.prune();
  }

  /** A revoked token past its expiry is refused by its signature check anyway. */
  private async prune(): Promise<void> {
    const now = this.now();
    for (const [id, expiresAtMs] of this.revoked) if (expiresAtMs <= now) this.revoked.delete(id);
    await this.collection.remove({ expiresAtMs: { $lte: now } }, { multi: true });
  }
}
