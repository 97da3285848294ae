// The demo ERP's customer side: accounts and contract prices (seeded), and durable sales orders and return authorisations.
import path from 'node:path';
import type Datastore from 'nedb-promises';
import type { LocatedProblem } from '../../sdk/index.js';
import { SEEDED_ACCOUNTS, SEEDED_CONTRACT_PRICES, type ContractPrice, type CustomerAccount } from './customer-seed.js';
import { openLeniently, type OpenLedgerStore } from './ledger.js';

export interface SalesOrderLine {
  line: number;
  sku: string;
  qty: number;
  unitPrice: number;
}

export interface SalesOrder {
  orderNumber: string;
  account: string;
  customerOrderNumber: string;
  idempotencyKey: string;
  correlationId: string | null;
  status: 'confirmed';
  lines: SalesOrderLine[];
  total: number;
  createdAt: string;
}

export interface ReturnLine {
  line: number;
  qty: number;
  reason: string;
}

export interface ReturnAuthorisation {
  rmaNumber: string;
  orderNumber: string;
  account: string;
  idempotencyKey: string;
  status: 'authorised';
  lines: ReturnLine[];
  createdAt: string;
}

export type CustomerOutcome<T> = { kind: 'created' | 'replayed'; record: T } | { kind: 'refused'; status: number; error: string; details: LocatedProblem[] };

type Doc = { _id: string };

function stripId<T>(doc: T & { _id?: string }): T {
  const copy = { ...doc };
  delete copy._id;
  return copy;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export class DemoErpCustomers {
  private readonly orders = new Map<string, SalesOrder>();
  private readonly returns = new Map<string, ReturnAuthorisation>();
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(private readonly orderStore: Datastore<Doc>, private readonly returnStore: Datastore<Doc>) {}

  /** Opens sales-orders.db and returns.db under dataDir/demo-erp (the ledger created the directory) and loads them into memory. */
  static async open(dataDir: string, openStore: OpenLedgerStore = openLeniently): Promise<DemoErpCustomers> {
    const directory = path.join(dataDir, 'demo-erp');
    const orderStore = openStore(path.join(directory, 'sales-orders.db'));
    const returnStore = openStore(path.join(directory, 'returns.db'));
    await Promise.all([orderStore.load(), returnStore.load()]);
    const customers = new DemoErpCustomers(orderStore, returnStore);
    for (const doc of await orderStore.find<SalesOrder>({})) customers.orders.set(doc.orderNumber, stripId<SalesOrder>(doc));
    for (const doc of await returnStore.find<ReturnAuthorisation>({})) customers.returns.set(doc.rmaNumber, stripId<ReturnAuthorisation>(doc));
    return customers;
  }

  account(account: string): CustomerAccount | undefined {
    return SEEDED_ACCOUNTS.find((candidate) => candidate.account === account);
  }

  contractPrices(account: string, skus: string[] | undefined): ContractPrice[] {
    const prices = SEEDED_CONTRACT_PRICES[account] ?? [];
    return skus ? prices.filter((price) => skus.includes(price.sku)) : [...prices];
  }

  /** The order with what is already authorised for return per line, so a return can be checked before it is sent. */
  salesOrder(orderNumber: string): (SalesOrder & { lines: Array<SalesOrderLine & { returnedQty: number }> }) | undefined {
    const order = this.orders.get(orderNumber);
    if (!order) return undefined;
    return { ...order, lines: order.lines.map((line) => ({ ...line, returnedQty: this.returnedQty(orderNumber, line.line) })) };
  }

  listSalesOrders(account: string | undefined): SalesOrder[] {
    return [...this.orders.values()].filter((order) => !account || order.account === account);
  }

  /** Quantity of a SKU that confirmed sales orders already took from stock. */
  committedQty(sku: string): number {
    let total = 0;
    for (const order of this.orders.values()) for (const line of order.lines) if (line.sku === sku) total += line.qty;
    return total;
  }

  returnAuthorisation(rmaNumber: string): ReturnAuthorisation | undefined {
    return this.returns.get(rmaNumber);
  }

  /** Creates the sales order once per Idempotency-Key; the same key again answers the first order. Serialised. */
  createSalesOrder(input: Omit<SalesOrder, 'orderNumber' | 'status' | 'total' | 'createdAt'>): Promise<CustomerOutcome<SalesOrder>> {
    return this.serialised(async () => {
      const earlier = [...this.orders.values()].find((order) => order.idempotencyKey === input.idempotencyKey);
      if (earlier) return { kind: 'replayed', record: earlier };
      const problems = this.orderProblems(input);
      if (problems.length) return { kind: 'refused', status: 422, error: 'the sales order was refused', details: problems };
      const total = round2(input.lines.reduce((sum, line) => sum + line.qty * line.unitPrice, 0));
      const order: SalesOrder = { ...input, orderNumber: `SO-${7001 + this.orders.size}`, status: 'confirmed', total, createdAt: new Date().toISOString() };
      await this.orderStore.insert(order as unknown as Doc);
      this.orders.set(order.orderNumber, order);
      return { kind: 'created', record: order };
    });
  }

  /** Authorises a return once per Idempotency-Key when every line exists on the order and is not returned beyond its quantity. */
  createReturn(input: Omit<ReturnAuthorisation, 'rmaNumber' | 'status' | 'createdAt'>): Promise<CustomerOutcome<ReturnAuthorisation>> {
    return this.serialised(async () => {
      const earlier = [...this.returns.values()].find((rma) => rma.idempotencyKey === input.idempotencyKey);
      if (earlier) return { kind: 'replayed', record: earlier };
      const problems = this.returnProblems(input);
      if (problems.length) return { kind: 'refused', status: 422, error: 'the return was refused', details: problems };
      const rma: ReturnAuthorisation = { ...input, rmaNumber: `RMA-${9001 + this.returns.size}`, status: 'authorised', createdAt: new Date().toISOString() };
      await this.returnStore.insert(rma as unknown as Doc);
      this.returns.set(rma.rmaNumber, rma);
      return { kind: 'created', record: rma };
    });
  }

  private orderProblems(input: Pick<SalesOrder, 'account' | 'lines'>): LocatedProblem[] {
    const account = this.account(input.account);
    if (!account) return [{ path: '$.account', message: `unknown account ${input.account}` }];
    if (account.status !== 'active') return [{ path: '$.account', message: `account ${input.account} is ${account.status}` }];
    const prices = this.contractPrices(input.account, undefined);
    return input.lines.flatMap((line, index) => (prices.some((price) => price.sku === line.sku) ? [] : [{ path: `$.lines[${index}].sku`, message: `${line.sku} has no contract price for ${input.account}` }]));
  }

  private returnProblems(input: Pick<ReturnAuthorisation, 'orderNumber' | 'account' | 'lines'>): LocatedProblem[] {
    const order = this.orders.get(input.orderNumber);
    if (!order || order.account !== input.account) return [{ path: '$.orderNumber', message: `order ${input.orderNumber} is not an order of ${input.account}` }];
    return input.lines.flatMap((line, index) => {
      const ordered = order.lines.find((candidate) => candidate.line === line.line);
      if (!ordered) return [{ path: `$.lines[${index}].line`, message: `order ${order.orderNumber} has no line ${line.line}` }];
      const returned = this.returnedQty(order.orderNumber, line.line);
      if (returned + line.qty > ordered.qty) return [{ path: `$.lines[${index}].qty`, message: `at most ${ordered.qty - returned} left to return on line ${line.line}` }];
      return [];
    });
  }

  private returnedQty(orderNumber: string, line: number): number {
    let total = 0;
    for (const rma of this.returns.values()) if (rma.orderNumber === orderNumber) for (const returned of rma.lines) if (returned.line === line) total += returned.qty;
    return total;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.tail;
  }
}
