// The demo ERP: an express Router to mount at /demo-erp, or a standalone HTTP server on its own port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { checkFaultSettings, checkSupplierAssignment } from './body-schemas.js';
import { controlAccessFor, type ControlAccess } from './control-access.js';
import { FaultInjector, type FaultSettingsInput } from './faults.js';
import { DemoErpLedger, type OpenLedgerStore } from './ledger.js';
import { createRestRoutes } from './rest-routes.js';
import { createCustomerRoutes } from './customer-routes.js';
import { DemoErpCustomers } from './customer-ledger.js';
import { createSoapRoute } from './soap-route.js';
import type { DemoErpLogger } from './types.js';

export const DEMO_ERP_MOUNT_PATH = '/demo-erp';
export const DEMO_ERP_BODY_LIMIT = '1mb';

export interface DemoErpOptions {
  /** The demo ERP keeps its files in dataDir/demo-erp. */
  dataDir: string;
  /** How to open a ledger file; the runtime passes its integrity-checked opener. */
  openStore?: OpenLedgerStore;
  logger?: DemoErpLogger;
  /** Random source for the fault error rate; tests may pass a fixed one. */
  random?: () => number;
  /**
   * Who may call the control routes (fault injection, issuing a PO to a supplier): an express middleware (the runtime
   * passes its admin guard) or a bearer token (standalone). Neither: the control routes are off (403).
   */
  controlAccess?: ControlAccess;
}

export interface DemoErp {
  /** Mount at /demo-erp. */
  readonly router: Router;
  readonly ledger: DemoErpLedger;
  readonly customers: DemoErpCustomers;
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

interface HttpError {
  type?: string;
  status?: number;
  message?: string;
  details?: unknown[];
}

function errorHandler(logger: DemoErpLogger | undefined) {
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const failure = (error ?? {}) as HttpError;
    if (failure.type === 'entity.parse.failed') {
      response.status(400).json({ error: 'malformed JSON body', details: [{ path: '$', message: failure.message ?? 'could not parse JSON' }] });
    } else if (failure.type === 'entity.too.large') {
      response.status(413).json({ error: `request body exceeds ${DEMO_ERP_BODY_LIMIT}`, details: [{ path: '$', message: 'body too large' }] });
    } else if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
      const details = Array.isArray(failure.details) && failure.details.length ? failure.details : [{ path: '$', message: failure.message ?? 'bad request' }];
      response.status(failure.status).json({ error: failure.message ?? 'bad request', details });
    } else {
      logger?.error({ err: error, path: request.originalUrl }, 'demo ERP request failed');
      response.status(500).json({ error: 'demo ERP internal error', details: [{ path: '$', message: failure.message ?? String(error) }] });
    }
  };
}

function createControlRoutes(ledger: DemoErpLedger, faults: FaultInjector, access: ControlAccess | undefined): Router {
  const router = Router();
  const guard = controlAccessFor(access);
  router.use(['/_faults', '/purchase-orders/:po/supplier'], guard);
  router.put('/purchase-orders/:po/supplier', async (request, response) => {
    const problems = checkSupplierAssignment(request.body ?? {});
    if (problems.length) {
      response.status(400).json({ error: 'invalid supplier assignment', details: problems });
      return;
    }
    const order = await ledger.assignSupplier(String(request.params.po), (request.body as { partnerId: string }).partnerId);
    if (!order) {
      response.status(404).json({ error: `purchase order ${request.params.po} not found`, details: [{ path: 'params.po', message: 'unknown purchase order' }] });
      return;
    }
    response.json(order);
  });
  router.get('/_faults', (_request, response) => {
    response.json(faults.view());
  });
  router.put('/_faults', (request, response) => {
    const problems = checkFaultSettings(request.body ?? {});
    if (problems.length) {
      response.status(400).json({ error: 'invalid fault settings', details: problems });
      return;
    }
    response.json(faults.update((request.body ?? {}) as FaultSettingsInput));
  });
  router.post('/_faults/reset', (_request, response) => {
    response.json(faults.reset());
  });
  router.get('/_stats', (_request, response) => {
    response.json({
      appliedUpdates: ledger.appliedUpdates,
      appliedByType: ledger.appliedByType(),
      idempotentReplays: ledger.counters.idempotentReplays,
      refusedUpdates: ledger.counters.refusedUpdates,
      injectedFaults: faults.injectedFaults,
      faults: { ...faults.counters },
    });
  });
  router.get('/_health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  return router;
}

/** Opens the demo ERP's stores (seeding them on first start) and builds its router. */
export async function createDemoErp(options: DemoErpOptions): Promise<DemoErp> {
  const ledger = await DemoErpLedger.open(options.dataDir, options.openStore);
  const customers = await DemoErpCustomers.open(options.dataDir, options.openStore);
  const faults = new FaultInjector(options.random);
  const router = Router();
  router.use((request: Request, response: Response, next: NextFunction) => {
    const correlationId = request.get('X-Correlation-Id');
    if (correlationId) response.setHeader('X-Correlation-Id', correlationId);
    next();
  });
  router.use(express.json({ limit: DEMO_ERP_BODY_LIMIT }));
  router.use(express.text({ type: ['text/xml', 'application/xml', 'application/soap+xml'], limit: DEMO_ERP_BODY_LIMIT }));
  router.use(createControlRoutes(ledger, faults, options.controlAccess));
  router.use(faults.middleware);
  router.use(createRestRoutes(ledger, faults));
  router.use(createCustomerRoutes(customers, ledger, faults));
  router.use(createSoapRoute(ledger, faults));
  router.use((request: Request, response: Response) => {
    response.status(404).json({ error: `no demo ERP route ${request.method} ${request.path}`, details: [{ path: request.path, message: 'not found' }] });
  });
  router.use(errorHandler(options.logger));
  options.logger?.info({ appliedUpdates: ledger.appliedUpdates, dataDir: options.dataDir }, 'demo ERP ready');
  return {
    router,
    ledger,
    customers,
    faults,
    close: async () => {
      await customers.close();
      await ledger.close();
    },
  };
}

export interface DemoErpServerOptions extends DemoErpOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface DemoErpServer extends DemoErp {
  readonly server: Server;
  readonly port: number;
  /** e.g. http://127.0.0.1:4010/demo-erp */
  readonly baseUrl: string;
}

/** Runs the demo ERP as its own HTTP server, mounted at /demo-erp like inside the runtime. */
export async function startDemoErpServer(options: DemoErpServerOptions): Promise<DemoErpServer> {
  const host = options.host ?? '127.0.0.1';
  const erp = await createDemoErp(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(DEMO_ERP_MOUNT_PATH, erp.router);
  const server = createServer(app);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    ...erp,
    server,
    port,
    baseUrl: `http://${host}:${port}${DEMO_ERP_MOUNT_PATH}`,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await erp.close();
    },
  };
}

export type { DemoErpLogger } from './types.js';
export type { ControlAccess } from './control-access.js';
export type { FaultSettingsInput, FaultView } from './faults.js';
export type { PurchaseOrderView } from './ledger.js';
