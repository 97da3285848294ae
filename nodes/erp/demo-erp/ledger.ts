// The demo ERP's durable state: nedb files under dataDir/demo-erp, folded into memory; updates are serialised and idempotent.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Datastore from 'nedb-promises';
import { seedInventory, seedPurchaseOrders } from './seed.js';
import type { ErpStateView, Refusal, UpdatePlan } from './operations.js';
import { isRefusal } from './operations.js';
import type { ErpEvent, HistoryEntry, InventoryPosition, PurchaseOrderRecord, StoredResponse, UpdateType } from './types.js';

const REFERENCE_PREFIX: Record<UpdateType, string> = { acknowledgement: 'ERP-ACK-', asn: 'ERP-ASN-', invoice: 'ERP-INV-' };

export interface UpdateRequest {
  idempotencyKey: string;
  fingerprint: string;
  correlationId: string | null;
  /** The acting partner; a key first used by one partner is never replayed to another. */
  partnerId: string | null;
  /** Runs inside the ledger's lock against the current state. */
  plan(state: ErpStateView): UpdatePlan | Refusal;
}

export type UpdateOutcome =
  | { kind: 'applied'; response: StoredResponse; event: ErpEvent }
  | { kind: 'replayed'; response: StoredResponse }
  | { kind: 'refused'; refusal: Refusal };

export interface PurchaseOrderView extends PurchaseOrderRecord {
  history: HistoryEntry[];
}

type Stored<T> = T & { _id?: string };

/** Opens one ledger file; the runtime passes its integrity-checked opener (refuses a corrupt line, cuts only a torn last one). */
export type OpenLedgerStore = (filename: string) => Datastore<{ _id: string }>;

/**
 * The standalone demo ERP's opener. A kill during an append can leave a torn last line; that update was never answered,
 * so dropping it is right, and nedb's default (refuse above 10% bad lines) would keep a small store from starting.
 */
export const openLeniently: OpenLedgerStore = (filename) => Datastore.create({ filename, corruptAlertThreshold: 1, modes: { fileMode: 0o600, dirMode: 0o700 } } as Parameters<typeof Datastore.create>[0]) as Datastore<{ _id: string }>;

function withoutId<T extends object>(doc: Stored<T>): T {
  const copy = { ...doc };
  delete copy._id;
  return copy;
}

export class DemoErpLedger implements ErpStateView {
  private readonly orders = new Map<string, PurchaseOrderRecord>();
  private readonly positions = new Map<string, InventoryPosition>();
  private readonly history = new Map<string, HistoryEntry[]>();
  private readonly eventsByKey = new Map<string, ErpEvent>();
  private readonly referenceCounters: Record<UpdateType, number> = { acknowledgement: 0, asn: 0, invoice: 0 };
  private eventCount = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  readonly counters = { idempotentReplays: 0, refusedUpdates: 0 };

  private constructor(
    private readonly events: Datastore<{ _id: string }>,
    private readonly orderStore: Datastore<{ _id: string }>,
  ) {}

  /** Opens (and on first start seeds) the stores under dataDir/demo-erp, then replays the event log into memory. */
  static async open(dataDir: string, openStore: OpenLedgerStore = openLeniently): Promise<DemoErpLedger> {
    const directory = path.join(dataDir, 'demo-erp');
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const open = (file: string) => openStore(path.join(directory, file));
    const orderStore = open('purchase-orders.db');
    const inventoryStore = open('inventory.db');
    const eventStore = open('events.db');
    await Promise.all([orderStore.load(), inventoryStore.load(), eventStore.load()]);
    await eventStore.ensureIndex({ fieldName: 'idempotencyKey', unique: true });
    await eventStore.ensureIndex({ fieldName: 'seq', unique: true });

    const ledger = new DemoErpLedger(eventStore, orderStore);
    const seededOrders = seedPurchaseOrders();
    // Seeding is resumable: a crash half-way through leaves some seeds, and the rest are added on the next start.
    const storedOrders = (await orderStore.find<PurchaseOrderRecord>({})).map((doc) => withoutId<PurchaseOrderRecord>(doc));
    const missingOrders = seededOrders.filter((seed) => !storedOrders.some((order) => order.poNumber === seed.poNumber));
    if (missingOrders.length) await orderStore.insert(missingOrders);
    for (const order of [...storedOrders, ...missingOrders]) ledger.orders.set(order.poNumber, structuredClone(order));

    const storedPositions = (await inventoryStore.find<InventoryPosition>({})).map((doc) => withoutId<InventoryPosition>(doc));
    const missingPositions = seedInventory(seededOrders).filter((seed) => !storedPositions.some((p) => p.sku === seed.sku && p.location === seed.location));
    if (missingPositions.length) await inventoryStore.insert(missingPositions);
    for (const position of [...storedPositions, ...missingPositions]) ledger.positions.set(`${position.sku}@${position.location}`, structuredClone(position));

    const storedEvents = await eventStore.find<ErpEvent>({}).sort({ seq: 1 });
    for (const event of storedEvents) ledger.fold(withoutId<ErpEvent>(event));
    return ledger;
  }

  purchaseOrder(poNumber: string): PurchaseOrderRecord | undefined {
    return this.orders.get(poNumber);
  }

  position(sku: string, location: string): InventoryPosition | undefined {
    return this.positions.get(`${sku}@${location}`);
  }

  viewPurchaseOrder(poNumber: string): PurchaseOrderView | undefined {
    const order = this.orders.get(poNumber);
    if (!order) return undefined;
    return { ...structuredClone(order), history: structuredClone(this.history.get(poNumber) ?? []) };
  }

  listPurchaseOrders(filter: { partnerId?: string; ackStatus?: string } = {}): PurchaseOrderView[] {
    return [...this.orders.keys()]
      .map((poNumber) => this.viewPurchaseOrder(poNumber) as PurchaseOrderView)
      .filter((order) => (!filter.partnerId || order.partnerId === filter.partnerId) && (!filter.ackStatus || order.ackStatus === filter.ackStatus));
  }

  listInventory(filter: { sku?: string; location?: string } = {}): InventoryPosition[] {
    return [...this.positions.values()]
      .filter((position) => (!filter.sku || position.sku === filter.sku) && (!filter.location || position.location === filter.location))
      .map((position) => structuredClone(position));
  }

  get appliedUpdates(): number {
    return this.eventCount;
  }

  appliedByType(): Record<UpdateType, number> {
    return { ...this.referenceCounters };
  }

  /**
   * Applies one update exactly once per Idempotency-Key. Updates run one at a time, so a retry racing the original
   * waits for it and then gets its stored response. The event is durably appended before memory changes or anyone answers.
   */
  apply(request: UpdateRequest): Promise<UpdateOutcome> {
    const run = this.tail.then(() => this.applyNow(request));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async applyNow(request: UpdateRequest): Promise<UpdateOutcome> {
    if (this.closed) throw new Error('demo ERP is closed');
    const previous = this.eventsByKey.get(request.idempotencyKey);
    if (previous) {
      if (typeof previous.partnerId === 'string' && previous.partnerId !== request.partnerId) {
        this.counters.refusedUpdates += 1;
        return {
          kind: 'refused',
          refusal: { status: 403, error: 'Idempotency-Key belongs to another partner\'s update', details: [{ path: 'header.Idempotency-Key', message: 'was used by another partner' }] },
        };
      }
      if (previous.fingerprint !== request.fingerprint) {
        this.counters.refusedUpdates += 1;
        return {
          kind: 'refused',
          refusal: {
            status: 422,
            error: 'Idempotency-Key was already used for a different request',
            details: [{ path: 'header.Idempotency-Key', message: `already applied as ${String(previous.response.body.erpReference)} (seq ${previous.seq})` }],
          },
        };
      }
      this.counters.idempotentReplays += 1;
      return { kind: 'replayed', response: structuredClone(previous.response) };
    }
    const plan = request.plan(this);
    if (isRefusal(plan)) {
      this.counters.refusedUpdates += 1;
      return { kind: 'refused', refusal: plan };
    }
    const reference = `${REFERENCE_PREFIX[plan.type]}${String(this.referenceCounters[plan.type] + 1).padStart(6, '0')}`;
    const event: ErpEvent = {
      seq: this.eventCount + 1,
      type: plan.type,
      at: new Date().toISOString(),
      idempotencyKey: request.idempotencyKey,
      fingerprint: request.fingerprint,
      correlationId: request.correlationId,
      partnerId: request.partnerId,
      documentNumber: plan.documentNumber,
      ackNumber: plan.ackNumber,
      changes: plan.changes,
      inventoryChanges: plan.inventoryChanges,
      response: { status: 201, body: plan.respond(reference) },
    };
    await this.events.insert(structuredClone(event));
    this.fold(event);
    return { kind: 'applied', response: structuredClone(event.response), event };
  }

  /**
   * Issues a purchase order to another supplier (the ERP side of onboarding a partner): from then on only that partner
   * may act on it. Runs in the update lock, so it never interleaves with an update. Returns undefined for an unknown PO.
   */
  assignSupplier(poNumber: string, partnerId: string): Promise<PurchaseOrderView | undefined> {
    const run = this.tail.then(async () => {
      if (this.closed) throw new Error('demo ERP is closed');
      const order = this.orders.get(poNumber);
      if (!order) return undefined;
      await this.orderStore.update({ poNumber }, { $set: { partnerId } });
      order.partnerId = partnerId;
      return this.viewPurchaseOrder(poNumber);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Replays one event onto the in-memory state: every change carries its target value. */
  private fold(event: ErpEvent): void {
    for (const [poNumber, changes] of Object.entries(event.changes)) {
      const order = this.orders.get(poNumber);
      if (!order) continue;
      for (const change of changes) {
        const target: Record<string, unknown> | undefined = change.line === undefined
          ? (order as unknown as Record<string, unknown>)
          : (order.lines.find((line) => line.line === change.line) as unknown as Record<string, unknown> | undefined);
        if (target) target[change.field] = change.to;
      }
      const entries = this.history.get(poNumber) ?? [];
      entries.push({
        seq: event.seq,
        type: event.type,
        at: event.at,
        idempotencyKey: event.idempotencyKey,
        correlationId: event.correlationId,
        ackNumber: event.ackNumber,
        documentNumber: event.documentNumber,
        changes,
      });
      this.history.set(poNumber, entries);
    }
    for (const change of event.inventoryChanges) {
      const position = this.positions.get(`${change.sku}@${change.location}`);
      if (position) position[change.field] = change.to;
    }
    this.eventsByKey.set(event.idempotencyKey, event);
    this.referenceCounters[event.type] += 1;
    this.eventCount = Math.max(this.eventCount, event.seq);
  }

  /** Waits for the update in progress; later updates are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
