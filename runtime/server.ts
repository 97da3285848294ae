// Composition root: opens the stores, embeds Node-RED, mounts the API, live events, demo ERP and designer, and starts listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ConfigValidator, createSecrets, registerWithNodeRed, type RuntimeServices } from '../nodes/sdk/index.js';
import { builtInNodes } from '../nodes/catalog.js';
import { loadExternalNodes } from './node-packages/index.js';
import { ApiRouter } from './api/api-router.js';
import { AuthService } from './api/auth.js';
import { registerAuthRoutes } from './api/auth-routes.js';
import { registerCatalogRoutes } from './api/catalog-routes.js';
import { registerFlowRoutes } from './api/flows-routes.js';
import { FlowAttentionRegistry } from './engine/flow-attention.js';
import { loadStoredFlows, nodeVersionsOf } from './engine/node-migrations.js';
import { errorHandler, notFound } from './api/http-error.js';
import { installProcessGuards } from './process-guards.js';
import { apiBodyParsers } from './api/body-parsers.js';
import { HEADERS_TIMEOUT_MS, PartnerRouteTable } from './api/partner-endpoints.js';
import { registerSystemRoutes } from './api/system-routes.js';
import { registerClusterRoutes } from './api/cluster-routes.js';
import { ClusterService } from './cluster/cluster-service.js';
import { registerTraceRoutes } from './api/trace-routes.js';
import { registerDeadLetterRoutes } from './api/deadletter-routes.js';
import { registerDocumentRoutes } from './api/document-routes.js';
import { openLedger } from './ledger/ledger-service.js';
import { openSlaService } from './ledger/sla-service.js';
import { registerAlertRoutes } from './api/alert-routes.js';
import { registerSlaRoutes } from './api/sla-routes.js';
import { ExceptionStore } from './ledger/exception-store.js';
import { registerExceptionRoutes } from './api/exception-routes.js';
import { registerAuditRoutes } from './api/audit-routes.js';
import { RouteAuditor } from './api/route-audit.js';
import { CONTROL_NUMBER_NAMESPACE, registerEdiRoutes } from './api/edi-routes.js';
import { registerPartnerRoutes } from './api/partners-routes.js';
import { registerXrefRoutes } from './api/xref-routes.js';
import { registerEventRoutes } from './api/event-routes.js';
import { EVENTS_NAMESPACE, SubscriptionRegistry } from '../nodes/events/index.js';
import { registerTemplateRoutes } from './api/templates-routes.js';
import { createTemplateServices } from './templates/template-services.js';
import { createFlowTests } from './flow-tests/flow-test-setup.js';
import { XrefOverlay } from './templates/xref-overlay.js';
import type { RuntimeConfig } from './config.js';
import { FlowDeployer } from './engine/flow-deployer.js';
import { NodeRedEngine } from './engine/node-red-engine.js';
import { NodeStartTracker } from './engine/node-start-tracker.js';
import { installTraceHooks } from './engine/trace-hooks.js';
import { installCaptureHooks } from './engine/capture-hooks.js';
import { TraceDataStore } from './live/trace-data-store.js';
import { DebugMessages } from './live/debug-messages.js';
import { registerDebugRoutes } from './api/debug-routes.js';
import { HealthRegistry } from './operations/health-registry.js';
import { OperationsQueries } from './operations/operations-queries.js';
import { OperationsService } from './operations/operations-service.js';
import { OperationsNotifier } from './operations/operations-notifier.js';
import { registerOperationsRoutes } from './api/operations-routes.js';
import { BusinessMetrics } from './operations/business-metrics.js';
import { FanOutGuard } from './engine/fan-out-guard.js';
import { CompletionTracker } from './engine/completion-tracker.js';
import { seedDemo, type DemoSeedResult } from './demo-seed.js';
import { LiveHub } from './live/live-hub.js';
import { NodeStats } from './live/node-stats.js';
import { TraceEventKind, TraceRingBuffer } from './live/trace-buffer.js';
import { TraceSqlStore } from './live/trace-sql-store.js';
import { createLogger, nodeLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { apiSecurityHeaders, mountDesigner } from './designer-static.js';
import { packageVersion } from './paths.js';
import { FlowStore } from './store/flow-store.js';
import { openDatastoreFile } from './store/collection.js';
import { restrictDataDir } from './store/data-dir-permissions.js';
import { registerStoreIntegrityMetrics, setStoreIntegrityPolicy } from './store/store-integrity.js';
import { FlowSecrets } from './security/flow-secrets.js';
import { KeyValueStores } from './store/key-value-store.js';
import { createNodeRedStorage } from './store/node-red-storage.js';
import { PartnerStore } from './store/partner-store.js';
import { FlowMaskFields } from './store/mask-fields.js';
import { loadSecret } from './store/secret-key.js';
import { UserStore } from './store/user-store.js';
import { RevokedTokenStore } from './store/revoked-token-store.js';
import { XrefStore } from './store/xref-store.js';
import { AuditStore } from './store/audit-store.js';
import { DeadLetterStore } from './store/dead-letter-store.js';
import { openQueueBackend } from './store/queue-backend.js';
import { createDemoErp } from '../nodes/erp/demo-erp/index.js';
import { HOOKS_ROOT } from './security/http-endpoints.js';
import { prepareFilesRoot, outsideFilesRoot } from './security/files-root.js';
import { flowEnvValues, PROCESS_ONLY_ENV } from './security/flow-env.js';

export interface FirstRunFacts {
  /** Set only when the admin password was generated on this start; printed once. */
  generatedAdminPassword?: string;
  /** Set only when the alert webhook signing secret was generated on this start; printed once. */
  generatedAlertWebhookSecret?: string;
  demo?: DemoSeedResult;
}

export interface TradelaneServer {
  url: string;
  port: number;
  firstRun: FirstRunFacts;
  logger: Logger;
  close(): Promise<void>;
}

/** API paths answered while flows start or stop: signing in, liveness, and readiness (which then says why it is not ready). */
const ALWAYS_ANSWERED = new Set(['/auth/login', '/health', '/ready']);

export async function startServer(config: RuntimeConfig, logger: Logger = createLogger(config.logLevel)): Promise<TradelaneServer> {
  installProcessGuards(logger);
  const tightened = restrictDataDir(config.dataDir);
  if (tightened.length) logger.warn({ entries: tightened.length, dataDir: config.dataDir }, 'data directory entries were readable by others; tightened to 0600/0700');
  setStoreIntegrityPolicy({ quarantine: config.storeQuarantine, logger });
  const secret = loadSecret(config.dataDir, config.secret);
  const filesRoot = prepareFilesRoot(config.filesRoot);
  // secret.key and every store live in the data directory: file nodes must never reach it.
  if (!outsideFilesRoot(config.dataDir, filesRoot)) throw new Error(`TRADELANE_FILES_ROOT (${filesRoot}) contains the data directory ${config.dataDir}; choose a directory inside it or elsewhere`);
  const clock = { now: () => Date.now() };

  const credentialSecrets = createSecrets(secret.derive('credentials'));
  const flowStore = new FlowStore(config.dataDir, new FlowSecrets(createSecrets(secret.derive('flow-credentials'))));
  const users = new UserStore(config.dataDir);
  const revokedTokens = new RevokedTokenStore(config.dataDir, clock.now);
  await revokedTokens.ready();
  const partners = new PartnerStore(config.dataDir, credentialSecrets, secret.derive('api-key-hash'));
  const keyValues = new KeyValueStores(config.dataDir, clock);
  const xref = new XrefStore(config.dataDir);
  // Nodes see the stored tables plus the temporary ones of template dry runs.
  const xrefForNodes = new XrefOverlay(xref);
  await keyValues.ready();
  // Reliability: durable queue log, dead letters, audit, and completion tracking fed by the engine's hooks.
  // Redis when REDIS_URL is set, else the embedded log; it logs which one.
  const queues = await openQueueBackend({ dataDir: config.dataDir, redisUrl: config.redisUrl, redisKeyPrefix: config.redisKeyPrefix, stalledMs: config.stalledMs, logger });
  const deadLetters = new DeadLetterStore(config.dataDir, async (flowId) => (await flowStore.get(flowId))?.version, clock.now);
  const audit = new AuditStore(config.dataDir, clock.now);
  const deliveries = new CompletionTracker(clock.now);
  // The SQL store: embedded SQLite by default, Postgres with DATABASE_URL; the ledger writes there in batches.
  // Payload fields masked per partner and per flow (its tab's maskFields); the ledger looks them up synchronously.
  await partners.loadMaskFields();
  const flowMaskFields = new FlowMaskFields();
  const ledger = await openLedger({ config, logger, now: clock.now, partnerMaskFields: (id) => partners.maskFieldsOf(id), flowMaskFields: (id) => flowMaskFields.of(id) });
  // SLA rules, alerts and retention on the same store; their jobs start once flows run (sla.start() below).
  // Runtimes sharing the store: job leases (each periodic job on one runtime), heartbeats for /api/cluster, readiness.
  let flowsRunning = false;
  const cluster = new ClusterService({
    database: ledger.database, logger, version: packageVersion(), queueProblem: () => queues.problem(), flowsRunning: () => flowsRunning,
    runningVersions: () => ledger.runningVersions(), settled: () => health.queueReports().reduce((total, report) => total + (report.settled ?? 0), 0),
  });
  const sla = await openSlaService({ config, database: ledger.database, writer: ledger.writer, partners, webhookSealing: createSecrets(secret.derive('alert-webhook')), logger, now: clock.now, lock: cluster.leases });
  // The exceptions work queue lives in the same SQL store; nodes open, operators decide.
  const exceptions = new ExceptionStore(ledger.database, clock.now);
  const admin = await users.ensureAdmin(config.adminPassword);

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy every client has the proxy's address: login throttling and the audit need the real one.
  if (config.trustProxy) app.set('trust proxy', /^[0-9]+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy.split(',').map((entry) => entry.trim()));
  // A slow sender may not hold a connection open with half-sent headers (checked every second, not Node's default 30 s).
  // A whole request must arrive within a minute (Node's default is 5): a client that trickles a body cannot hold a connection for long.
  const server = http.createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 60_000, connectionsCheckingInterval: 1000 }, app);
  const auth = new AuthService(users, secret.derive('auth-tokens'), revokedTokens);
  const metrics = new Metrics();
  registerStoreIntegrityMetrics(metrics.registry);
  cluster.registerMetrics(metrics.registry);
  queues.registerMetrics(metrics.registry);
  const buffer = new TraceRingBuffer();
  const stats = new NodeStats();
  const partnerRoutes = new PartnerRouteTable(logger, { defaultBodyLimit: config.bodyLimitBytes, rateLimitOf: (partnerId) => partners.rateLimitOf(partnerId), ledger: ledger.writer });
  const settings: Record<string, string | undefined> = {};
  // Circuit states and queue counts nodes report, for the overview, flow health and metrics.
  const health = new HealthRegistry(clock.now);

  const services: RuntimeServices = {
    http: partnerRoutes,
    partners,
    keyValue: (namespace) => keyValues.namespace(namespace),
    xref: xrefForNodes,
    tracer: { note: (msg, nodeId, _outcome, text) => buffer.push(TraceEventKind.Note, clock.now(), nodeId, msg.correlationId, text) },
    secrets: credentialSecrets,
    clock,
    settings,
    deliveries,
    queues: queues.backend,
    deadLetters,
    ledger: ledger.recorder,
    exceptions,
    health,
  };
  // Node packages outside the source tree (TRADELANE_NODES_DIR, tradelane-node-*): a broken one is logged, listed and skipped.
  const nodePackages = await loadExternalNodes({ nodesDir: config.nodesDir }, builtInNodes, logger);
  const catalogNodes = [...builtInNodes, ...nodePackages.nodes.map((node) => node.descriptor)];
  const descriptors = new Map(catalogNodes.map((descriptor) => [descriptor.type, descriptor]));
  flowStore.useNodeVersions((nodes) => nodeVersionsOf(nodes, descriptors));
  const validator = new ConfigValidator(catalogNodes);
  // Sees every node start, so a deploy whose nodes fail to start is refused and a failed flow is reported as such.
  const startTracker = new NodeStartTracker();
  const engine = new NodeRedEngine({
    server,
    dataDir: config.dataDir,
    logger,
    credentialSecret: secret.derive('node-red-credentials').toString('hex'),
    storageModule: createNodeRedStorage(config.dataDir, flowStore),
    descriptors,
    validation: { validator },
    filesRoot,
    hiddenEnv: PROCESS_ONLY_ENV,
    registerNodes: (RED) => registerWithNodeRed(RED, catalogNodes.map((descriptor) => startTracker.wrap(descriptor)), { services, validator, loggerFor: (id, type) => nodeLogger(logger, id, type) }),
    startTracker,
  });
  // First of the hooks: a send it stops is never counted by the trace or the completion tracker.
  new FanOutGuard({ logger, maxSendsPerMessage: config.maxSendsPerMessage }).install(engine.hooks);
  installTraceHooks(engine.hooks, buffer);
  // Per-node message data (TRADELANE_CAPTURE_DATA): masked like the ledger's payloads, capped, stored in trace_data.
  const traceData = new TraceDataStore(ledger.database, { logger, maxBytes: config.captureMaxBytes, maskFieldsFor: ledger.maskFieldsFor, nodeInfo: (nodeId) => engine.nodeInfo(nodeId) });
  await traceData.open();
  installCaptureHooks(engine.hooks, config.captureData, traceData);
  // Core debug nodes: their output goes to socket.io `debug` and the flow's last 100, masked and capped like captured data.
  const debugMessages = new DebugMessages({ maxBytes: config.captureMaxBytes, maskFieldsFor: ledger.maskFieldsFor, nodeInfo: (nodeId) => engine.nodeInfo(nodeId), publish: (message) => live.broadcast('debug', message) });
  debugMessages.install(engine.hooks);
  deliveries.install(engine.hooks);
  const deployer = new FlowDeployer(engine, flowStore, catalogNodes);
  const attention = new FlowAttentionRegistry();
  deployer.onDeploy((outcome) => { if (outcome.ok) attention.clear(outcome.flowId); });
  deployer.onDeploy((outcome) => {
    if (!outcome.ok) return;
    ledger.flowVersionChanged(outcome.flowId, outcome.version);
    void flowStore.getVersion(outcome.flowId, outcome.version).then((version) => { if (version) flowMaskFields.set(outcome.flowId, version.flow); })
      .catch((error: unknown) => logger.error({ err: error, flowId: outcome.flowId }, 'could not read the mask fields of a deployed flow'));
  });
  // Hops go to SQL in background batches from the drain; they survive a restart and expire with TRADELANE_TRACE_DAYS.
  const traces = new TraceSqlStore(ledger.database, { logger, flowOf: (nodeId) => engine.nodeInfo(nodeId)?.flowId });
  await traces.open();
  let countedOverwrites = 0;
  const live = new LiveHub({
    buffer, traces, stats, auth, logger,
    flowOf: (nodeId) => engine.nodeInfo(nodeId)?.flowId,
    onBatch: (events) => {
      metrics.recordBatch(events, (nodeId) => engine.nodeInfo(nodeId)?.type);
      // The ring buffer counts events overwritten before a drain; the metric follows it.
      if (buffer.overwritten > countedOverwrites) { metrics.traceOverwrites.inc(buffer.overwritten - countedOverwrites); countedOverwrites = buffer.overwritten; }
    },
  });
  live.attach(server);
  engine.onNodeStatus((nodeId, status) => live.nodeStatus(nodeId, status));

  // The demo ERP's control routes (fault injection, issuing POs to a supplier) are for admins only: anyone on the network could stop ERP delivery.
  const demoErp = config.demo
    ? await createDemoErp({ dataDir: config.dataDir, logger, openStore: (filename) => openDatastoreFile(filename), controlAccess: auth.guard(['admin']) })
    : undefined;

  // Routes: API (JSON, size-limited), metrics, partner endpoints, Node-RED http-in routes, demo ERP, designer.
  const api = new ApiRouter(auth, new RouteAuditor(audit, logger), apiBodyParsers(config.bodyLimitBytes));
  registerSystemRoutes(api, { startedAt: Date.now() });
  registerClusterRoutes(api, cluster);
  registerAuthRoutes(api, auth, users);
  const operations = new OperationsService({
    queries: new OperationsQueries(ledger.database), health, engine, flows: flowStore, partners, deadLetters,
    overdue: async () => (await sla.reports.overdue({ limit: 1 })).total,
    flush: async () => { live.flush(); await Promise.all([traces.flush(), ledger.writer.flush()]); },
    now: clock.now,
  });
  // Dashboards refetch the overview on `operations`: at most once a second, whatever changed.
  const notifier = new OperationsNotifier({
    emit: (payload) => live.broadcast('operations', payload),
    lastChange: () => operations.lastChange(),
    onError: (error) => logger.warn({ err: error }, 'checking alerts and exceptions for changes failed'),
  });
  ledger.writer.onEvent(() => notifier.changed());
  const business = new BusinessMetrics(metrics.registry, {
    health, nodeInfo: (nodeId) => engine.nodeInfo(nodeId), openDeadLetters: () => deadLetters.openByFlow(), openBreaches: () => sla.openBreaches(),
    dropped: () => ({ ledgerWrites: ledger.writer.dropped, traceHops: traces.dropped, capturedData: traceData.dropped }),
  });
  ledger.writer.onEvent((event) => business.record(event));
  sla.onAckLatency((observation) => business.ackLatency.observe({ partner: observation.partnerId }, observation.seconds));
  deployer.onDeploy((outcome) => business.deploys.inc({ outcome: outcome.ok ? 'ok' : 'failed' }));
  deployer.onDeploy(() => cluster.changed());
  deadLetters.onChange(() => notifier.changed());
  health.onCircuitChange(() => notifier.changed());
  const flowTests = createFlowTests(api, { dataDir: config.dataDir, flows: flowStore, engine, deliveries, catalog: catalogNodes });
  registerFlowRoutes(api, { store: flowStore, deployer, engine, stats, health: (flowIds) => operations.flowHealth(flowIds), attention: (flowId) => attention.get(flowId), testGate: (document, caller, force) => flowTests.gate(document, caller, force) });
  registerOperationsRoutes(api, { operations, now: clock.now });
  registerDebugRoutes(api, debugMessages);
  registerCatalogRoutes(api, catalogNodes, { xref, clock }, nodePackages);
  registerTraceRoutes(api, {
    traces, engine, ledger: ledger.queries, data: traceData, capturePolicy: config.captureData,
    flush: async () => { live.flush(); await Promise.all([traces.flush(), ledger.writer.flush()]); },
  });
  registerDeadLetterRoutes(api, {
    store: deadLetters, engine, now: clock.now,
    currentVersion: async (flowId) => (await flowStore.get(flowId))?.version,
    flowNodes: async (flowId) => { const flow = await flowStore.get(flowId); return flow ? (await flowStore.getVersion(flowId, flow.version))?.flow : undefined; },
    note: (correlationId, nodeId, text) => buffer.push(TraceEventKind.Note, clock.now(), nodeId, correlationId, text),
    ledger: ledger.writer,
  });
  registerAuditRoutes(api, audit);
  registerDocumentRoutes(api, { queries: ledger.queries, flush: () => ledger.writer.flush(), lifecycle: (poNumber, documents) => sla.lifecycle(poNumber, documents) });
  registerAlertRoutes(api, { alerts: sla.alerts });
  registerSlaRoutes(api, { reports: sla.reports, jobs: () => sla.jobs(), flush: () => ledger.writer.flush(), now: clock.now });
  registerExceptionRoutes(api, { store: exceptions, isActiveUser: async (username) => (await users.get(username))?.disabled === false });
  registerEdiRoutes(api, { partners, controlNumberStore: keyValues.namespace(CONTROL_NUMBER_NAMESPACE), ourIdentity: config.ediIdentity });
  registerPartnerRoutes(api, partners);
  registerXrefRoutes(api, xref, { csvLimitBytes: config.bodyLimitBytes });
  registerEventRoutes(api, {
    registry: new SubscriptionRegistry(keyValues.namespace(EVENTS_NAMESPACE)), queues: queues.backend, isRunning: (nodeId) => engine.nodeInfo(nodeId) !== undefined,
    deployedNodes: async () => (await flowStore.allCurrent()).flatMap((flow) => flow.nodes.map((node) => ({ ...node, z: flow.id }))),
  });
  const templateServices = createTemplateServices({
    dataDir: config.dataDir, engine, deployer, flows: flowStore, partners, xref, xrefForNodes, secrets: credentialSecrets, deliveries, logger, filesRoot, flowTests: flowTests.store, catalog: catalogNodes,
  });
  app.use('/api', apiSecurityHeaders);
  const sealedInstances = await templateServices.instances.sealPlainSecrets(credentialSecrets);
  if (sealedInstances) logger.warn({ instances: sealedInstances }, 'sealed template secrets that earlier instances stored in clear');
  flowStore.useSecretValues((flowId) => templateServices.instances.secretValues(flowId, credentialSecrets));
  // Before the engine starts: nothing reads a version while it is resealed.
  const sealedVersions = await flowStore.sealPlainCredentials();
  if (sealedVersions) logger.warn({ versions: sealedVersions }, 'sealed secrets that earlier flow versions stored in clear');
  registerTemplateRoutes(api, templateServices);
  // Until Node-RED runs the stored flows, a deploy would be recorded but never started: answer 503 instead.
  app.use('/api', (req, res, next) => {
    if (flowsRunning || ALWAYS_ANSWERED.has(req.path)) next();
    else res.status(503).setHeader('Retry-After', '1').json({ error: 'Tradelane is starting or stopping', details: [] });
  });
  app.use(api.router);
  app.get('/api/openapi.json', (_req, res) => { res.json(api.openApiDocument(packageVersion())); });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use('/api', notFound);
  app.use('/partners', (_req, res, next) => {
    if (flowsRunning) next();
    else res.status(503).setHeader('Retry-After', '1').json({ error: 'flows are starting', details: [] });
  });
  app.use(partnerRoutes.middleware);
  // Core http in routes live only under /hooks/<flowId>/: they can never shadow the API, the designer or the demo ERP.
  app.use(HOOKS_ROOT, engine.httpHandler);
  // A partner or hook path nothing serves is a located 404, never the designer's page with 200 (a caller would take it for success).
  app.use('/partners', notFound);
  app.use(HOOKS_ROOT, notFound);
  if (demoErp) app.use('/demo-erp', demoErp.router);
  mountDesigner(app);
  app.use(notFound);
  app.use(errorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  // Flows reference the ERP as ${DEMO_ERP_URL}; Node-RED substitutes allow-listed environment variables in node properties.
  process.env.TRADELANE_URL = url;
  process.env.DEMO_ERP_URL = config.demoErpUrl ?? `${url}/demo-erp`;
  // Our own nodes resolve ${VAR} placeholders from these: the same allow-list Node-RED's env sees.
  Object.assign(settings, flowEnvValues(config.flowEnv));

  // Flows deployed with older node versions are migrated in memory; one that cannot be is set aside, and the rest start.
  const loaded = loadStoredFlows(await flowStore.allCurrentVersions(), catalogNodes);
  for (const node of loaded.migrated) logger.info(node, 'node config migrated to the current node version');
  for (const flow of loaded.needsAttention) logger.error({ flowId: flow.flowId, version: flow.version, reasons: flow.reasons }, `flow "${flow.flowId}" needs attention and was not started: ${flow.reasons.map((reason) => reason.message).join('; ')}`);
  attention.record(loaded.needsAttention);
  const storedFlows = loaded.runnable;
  for (const flow of await flowStore.list()) ledger.flowVersionChanged(flow.id, flow.version);
  for (const flow of storedFlows) flowMaskFields.set(flow.id, flow.nodes);
  await engine.start(storedFlows);
  flowsRunning = true;
  live.start();
  notifier.start();
  sla.start();
  await cluster.start(url);
  const firstRun: FirstRunFacts = {};
  if (admin.generatedPassword) firstRun.generatedAdminPassword = admin.generatedPassword;
  if (sla.generatedWebhookSecret) firstRun.generatedAlertWebhookSecret = sla.generatedWebhookSecret;
  if (config.demo) firstRun.demo = await seedDemo({ keyValues, partners, deployer, demoApiKey: config.demoApiKey, logger });
  logger.info({ url, dataDir: config.dataDir, secret: secret.source }, 'tradelane started');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    firstRun,
    logger,
    close: () => (closing ??= (async () => {
      flowsRunning = false;
      notifier.close();
      await live.close();
      server.closeAllConnections();
      await engine.stop().catch((error: unknown) => logger.error({ err: error }, 'engine stop failed'));
      await demoErp?.close();
      // After the engine stopped: closing queue nodes still write their last updates.
      await queues.close().catch((error: unknown) => logger.error({ err: error }, 'closing the queue backend failed'));
      await sla.close().catch((error: unknown) => logger.error({ err: error }, 'stopping the SLA jobs failed'));
      await cluster.stop();
      await traces.close();
      await traceData.close();
      await ledger.close().catch((error: unknown) => logger.error({ err: error }, 'closing the ledger failed'));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      revokedTokens.close();
    })()),
  };
}
