// The availability cache's records: one durable entry per SKU with its locations; a newer ERP/WMS event replaces an older one, never the reverse.
import type { KeyValueStore } from '../sdk/index.js';

export interface LocationAvailability {
  available: number;
  onHand?: number;
  /** When the ERP/WMS measured it (ISO date-time); what decides which of two events wins. */
  asOf: string;
}

export interface SkuAvailability {
  sku: string;
  locations: Record<string, LocationAvailability>;
}

export interface AvailabilityUpdate extends LocationAvailability {
  sku: string;
  location: string;
}

export interface UpdateResult {
  applied: number;
  /** Updates older than what the cache already holds (out-of-order delivery); kept out. */
  stale: number;
}

/** Writes and reads the cache through the runtime's durable key-value store, one write per SKU touched. */
export class AvailabilityCache {
  /** Updates of one SKU are serialised so two events of one SKU cannot overwrite each other's locations. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(private readonly store: KeyValueStore) {}

  async apply(updates: AvailabilityUpdate[]): Promise<UpdateResult> {
    const bySku = new Map<string, AvailabilityUpdate[]>();
    for (const update of updates) bySku.set(update.sku, [...(bySku.get(update.sku) ?? []), update]);
    const results = await Promise.all([...bySku].map(([sku, ofSku]) => this.serialised(sku, () => this.applyToSku(sku, ofSku))));
    return results.reduce((sum, result) => ({ applied: sum.applied + result.applied, stale: sum.stale + result.stale }), { applied: 0, stale: 0 });
  }

  async read(skus: string[], location: string | undefined): Promise<{ items: SkuAvailability[]; missing: string[] }> {
    const items: SkuAvailability[] = [];
    const missing: string[] = [];
    for (const sku of new Set(skus)) {
      const record = await this.store.get<SkuAvailability>(sku);
      const locations = record ? filterLocation(record.locations, location) : {};
      if (Object.keys(locations).length === 0) missing.push(sku);
      else items.push({ sku, locations });
    }
    return { items, missing };
  }

  private async applyToSku(sku: string, updates: AvailabilityUpdate[]): Promise<UpdateResult> {
    const record = (await this.store.get<SkuAvailability>(sku)) ?? { sku, locations: {} };
    let applied = 0;
    for (const update of updates) {
      const held = record.locations[update.location];
      if (held && Date.parse(held.asOf) > Date.parse(update.asOf)) continue;
      record.locations[update.location] = { available: update.available, ...(update.onHand === undefined ? {} : { onHand: update.onHand }), asOf: update.asOf };
      applied += 1;
    }
    if (applied) await this.store.set(sku, record);
    return { applied, stale: updates.length - applied };
  }

  private serialised<T>(sku: string, work: () => Promise<T>): Promise<T> {
    const run = (this.writing.get(sku) ?? Promise.resolve()).then(work);
    const settled = run.catch(() => undefined);
    this.writing.set(sku, settled);
    void settled.then(() => { if (this.writing.get(sku) === settled) this.writing.delete(sku); });
    return run;
  }
}

function filterLocation(locations: Record<string, LocationAvailability>, location: string | undefined): Record<string, LocationAvailability> {
  if (!location) return locations;
  const held = locations[location];
  return held ? { [location]: held } : {};
}
