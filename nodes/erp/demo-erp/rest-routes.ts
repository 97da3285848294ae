// REST routes of the demo ERP: purchase orders, acknowledgements, ASN receipt, invoice posting and inventory.
import { Router, type Request, type Response } from 'express';
import { checkAcknowledgement, checkAsn, checkInvoice, type AcknowledgementBody, type AsnBody, type InvoiceBody } from './body-schemas.js';
import type { FaultInjector } from './faults.js';
import type { DemoErpLedger } from './ledger.js';
import { planAcknowledgement, planAsn, planInvoice } from './operations.js';
import { runUpdate, type UpdateResult } from './update-handling.js';

function queryString(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' && value ? value : undefined;
}

export function sendUpdateResult(response: Response, result: UpdateResult): void {
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  if (result.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(result.retryAfterSeconds));
  response.status(result.status).json(result.body);
}

export function createRestRoutes(ledger: DemoErpLedger, faults: FaultInjector): Router {
  const router = Router();
  const headers = (request: Request) => ({ idempotencyKey: request.get('Idempotency-Key'), correlationId: request.get('X-Correlation-Id'), partnerId: request.get('X-Partner-Id') });

  router.get('/purchase-orders', (request, response) => {
    const purchaseOrders = ledger.listPurchaseOrders({ partnerId: queryString(request, 'partnerId'), ackStatus: queryString(request, 'ackStatus') });
    response.json({ purchaseOrders, count: purchaseOrders.length });
  });

  router.get('/purchase-orders/:po', (request, response) => {
    const order = ledger.viewPurchaseOrder(String(request.params.po));
    if (!order) {
      response.status(404).json({ error: `purchase order ${request.params.po} not found`, details: [{ path: 'params.po', message: 'unknown purchase order' }] });
      return;
    }
    response.json(order);
  });

  router.post('/purchase-orders/:po/acknowledgements', async (request, response) => {
    const poNumber = String(request.params.po);
    sendUpdateResult(response, await runUpdate<AcknowledgementBody>(ledger, faults, {
      kind: 'acknowledgement',
      ...headers(request),
      body: request.body,
      check: checkAcknowledgement,
      plan: (state, ack, partnerId) => planAcknowledgement(state, poNumber, ack, partnerId),
    }));
  });

  router.post('/asns', async (request, response) => {
    sendUpdateResult(response, await runUpdate<AsnBody>(ledger, faults, { kind: 'asn', ...headers(request), body: request.body, check: checkAsn, plan: planAsn }));
  });

  router.post('/invoices', async (request, response) => {
    sendUpdateResult(response, await runUpdate<InvoiceBody>(ledger, faults, { kind: 'invoice', ...headers(request), body: request.body, check: checkInvoice, plan: planInvoice }));
  });

  router.get('/inventory', (request, response) => {
    const positions = ledger.listInventory({ sku: queryString(request, 'sku'), location: queryString(request, 'location') });
    response.json({ positions, count: positions.length });
  });

  return router;
}
