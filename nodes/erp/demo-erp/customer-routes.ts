// Customer-side REST routes of the demo ERP: account, contract-price and availability lookups, sales orders and return authorisations.
import { Router, type Request, type Response } from 'express';
import type { LocatedProblem } from '../../sdk/index.js';
import type { CustomerOutcome, DemoErpCustomers, ReturnLine, SalesOrderLine } from './customer-ledger.js';
import type { FaultInjector } from './faults.js';
import type { DemoErpLedger } from './ledger.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './update-handling.js';

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;
const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

function skuList(request: Request): string[] | undefined {
  const value = request.query.skus;
  return typeof value === 'string' && value ? value.split(',').map((sku) => sku.trim()).filter(Boolean) : undefined;
}

function notFound(response: Response, what: string, path: string): void {
  response.status(404).json({ error: `${what} not found`, details: [{ path, message: `unknown ${what}` }] });
}

function idempotencyKeyProblem(request: Request): LocatedProblem | undefined {
  const key = request.get('Idempotency-Key')?.trim();
  if (!key) return { path: 'header.Idempotency-Key', message: 'is required for every update' };
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return { path: 'header.Idempotency-Key', message: `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` };
  return undefined;
}

function orderLineProblems(lines: unknown): LocatedProblem[] {
  if (!Array.isArray(lines) || lines.length === 0) return [{ path: '$.lines', message: 'must be a non-empty array' }];
  return lines.flatMap((line: Partial<SalesOrderLine>, index) => [
    ...(isPositiveInteger(line?.line) ? [] : [{ path: `$.lines[${index}].line`, message: 'must be a positive integer' }]),
    ...(isText(line?.sku) ? [] : [{ path: `$.lines[${index}].sku`, message: 'must be a non-empty string' }]),
    ...(isPositiveInteger(line?.qty) ? [] : [{ path: `$.lines[${index}].qty`, message: 'must be a positive integer' }]),
    ...(typeof line?.unitPrice === 'number' && line.unitPrice >= 0 ? [] : [{ path: `$.lines[${index}].unitPrice`, message: 'must be a number >= 0' }]),
  ]);
}

function returnLineProblems(lines: unknown): LocatedProblem[] {
  if (!Array.isArray(lines) || lines.length === 0) return [{ path: '$.lines', message: 'must be a non-empty array' }];
  return lines.flatMap((line: Partial<ReturnLine>, index) => [
    ...(isPositiveInteger(line?.line) ? [] : [{ path: `$.lines[${index}].line`, message: 'must be a positive integer' }]),
    ...(isPositiveInteger(line?.qty) ? [] : [{ path: `$.lines[${index}].qty`, message: 'must be a positive integer' }]),
    ...(isText(line?.reason) ? [] : [{ path: `$.lines[${index}].reason`, message: 'must be a non-empty string' }]),
  ]);
}

function sendOutcome<T extends object>(response: Response, outcome: CustomerOutcome<T>, reference: (record: T) => string, faults: FaultInjector): void {
  if (outcome.kind === 'refused') {
    response.status(outcome.status).json({ error: outcome.error, details: outcome.details });
    return;
  }
  // Like the PO updates: the record is stored, but the caller never hears so and must retry with the same key.
  if (outcome.kind === 'created' && faults.loseResponse()) {
    response.setHeader('Retry-After', '1');
    response.status(503).json({ error: 'injected fault: update applied but the response was lost', details: [{ path: '$', message: 'retry with the same Idempotency-Key' }] });
    return;
  }
  if (outcome.kind === 'replayed') response.setHeader('Idempotent-Replayed', 'true');
  response.status(outcome.kind === 'created' ? 201 : 200).json({ ...outcome.record, erpReference: reference(outcome.record) });
}

function bodyOf(request: Request): Record<string, unknown> {
  const body: unknown = request.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function lookupRoutes(router: Router, customers: DemoErpCustomers, ledger: DemoErpLedger): void {
  router.get('/customers/:account', (request, response) => {
    const account = customers.account(String(request.params.account));
    if (!account) return notFound(response, `account ${request.params.account}`, 'params.account');
    response.json({ ...account, availableCredit: Math.max(0, account.creditLimit - account.openBalance) });
  });
  router.get('/customers/:account/contract-prices', (request, response) => {
    const account = String(request.params.account);
    if (!customers.account(account)) return notFound(response, `account ${account}`, 'params.account');
    const prices = customers.contractPrices(account, skuList(request));
    response.json({ account, prices, count: prices.length });
  });
  // The ERP's availability per SKU and location: on hand minus what confirmed sales orders already took.
  router.get('/availability', (request, response) => {
    const skus = skuList(request);
    const location = typeof request.query.location === 'string' ? request.query.location : undefined;
    const positions = ledger.listInventory({ location }).filter((position) => !skus || skus.includes(position.sku));
    response.json({ positions: positions.map((position) => ({ sku: position.sku, location: position.location, uom: position.uom, onHand: position.onHand, available: Math.max(0, position.onHand - customers.committedQty(position.sku)) })), count: positions.length });
  });
}

function orderRoutes(router: Router, customers: DemoErpCustomers, faults: FaultInjector): void {
  router.post('/sales-orders', async (request, response) => {
    const body = bodyOf(request);
    const problems = [
      ...[idempotencyKeyProblem(request)].filter((problem): problem is LocatedProblem => problem !== undefined),
      ...(isText(body.account) ? [] : [{ path: '$.account', message: 'must be a non-empty string' }]),
      ...(isText(body.customerOrderNumber) ? [] : [{ path: '$.customerOrderNumber', message: 'must be a non-empty string' }]),
      ...orderLineProblems(body.lines),
    ];
    if (problems.length) return void response.status(400).json({ error: 'invalid sales order', details: problems });
    const outcome = await customers.createSalesOrder({
      account: body.account as string, customerOrderNumber: body.customerOrderNumber as string, lines: (body.lines as SalesOrderLine[]).map(({ line, sku, qty, unitPrice }) => ({ line, sku, qty, unitPrice })),
      idempotencyKey: request.get('Idempotency-Key')!.trim(), correlationId: request.get('X-Correlation-Id') ?? null,
    });
    sendOutcome(response, outcome, (order) => order.orderNumber, faults);
  });
  router.get('/sales-orders', (request, response) => {
    const orders = customers.listSalesOrders(typeof request.query.account === 'string' ? request.query.account : undefined);
    response.json({ salesOrders: orders, count: orders.length });
  });
  router.get('/sales-orders/:orderNumber', (request, response) => {
    const order = customers.salesOrder(String(request.params.orderNumber));
    if (!order) return notFound(response, `sales order ${request.params.orderNumber}`, 'params.orderNumber');
    response.json(order);
  });
}

function returnRoutes(router: Router, customers: DemoErpCustomers, faults: FaultInjector): void {
  router.post('/sales-orders/:orderNumber/returns', async (request, response) => {
    const body = bodyOf(request);
    const problems = [
      ...[idempotencyKeyProblem(request)].filter((problem): problem is LocatedProblem => problem !== undefined),
      ...(isText(body.account) ? [] : [{ path: '$.account', message: 'must be a non-empty string' }]),
      ...returnLineProblems(body.lines),
    ];
    if (problems.length) return void response.status(400).json({ error: 'invalid return request', details: problems });
    const outcome = await customers.createReturn({
      orderNumber: String(request.params.orderNumber), account: body.account as string,
      lines: (body.lines as ReturnLine[]).map(({ line, qty, reason }) => ({ line, qty, reason })), idempotencyKey: request.get('Idempotency-Key')!.trim(),
    });
    sendOutcome(response, outcome, (rma) => rma.rmaNumber, faults);
  });
  router.get('/returns/:rmaNumber', (request, response) => {
    const rma = customers.returnAuthorisation(String(request.params.rmaNumber));
    if (!rma) return notFound(response, `return ${request.params.rmaNumber}`, 'params.rmaNumber');
    response.json(rma);
  });
}

export function createCustomerRoutes(customers: DemoErpCustomers, ledger: DemoErpLedger, faults: FaultInjector): Router {
  const router = Router();
  lookupRoutes(router, customers, ledger);
  orderRoutes(router, customers, faults);
  returnRoutes(router, customers, faults);
  return router;
}
