// FlowEngine adapter over the embedded Node-RED runtime (@node-red/runtime 4.1): init, start, per-tab deploy, delivery.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { AnyNodeDescriptor, RedNodeApi, TradelaneMessage } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import { paths } from '../paths.js';
import { FlowStartError, FlowValidationError, type DeployedNodeInfo, type FlowEngine, type FlowReview, type NotStartedNode, type ValidateOptions } from './flow-engine.js';
import type { NodeStartTracker } from './node-start-tracker.js';
import type { FlowDocument, FlowNode } from './flow-types.js';
import { validateFlow, type FlowProblem, type ValidationContext } from './flow-validation.js';
import { linkTargetFindings } from './link-target-checks.js';
import type { NodeRedHooks } from './trace-hooks.js';
import { EXCLUDED_CORE_FILES, registerContainedCoreNodes } from '../security/contained-core-nodes.js';
import type { DeployAccess } from '../security/deploy-access.js';
import { flowNotes } from '../security/flow-security.js';
import { withFlowPrefixes } from '../security/http-endpoints.js';
import type { NodeRedApi } from '../security/node-red-slice.js';

const require = createRequire(import.meta.url);

/** The slice of @node-red/runtime we use (it ships no types). */
interface NodeRedRuntime {
  init(settings: Record<string, unknown>, server: Server): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  flows: { setFlows(options: { flows: { flows: FlowNode[] }; deploymentType: 'full' | 'flows' | 'nodes' }): Promise<unknown> };
  events: {
    once(event: string, listener: (...args: unknown[]) => void): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    removeListener(event: string, listener: (...args: unknown[]) => void): void;
  };
  hooks: NodeRedHooks;
  httpNode: RequestHandler;
  _: { nodes: { getNode(id: string): { receive(msg: unknown): void } | null } };
}

interface NodeRedLogMessage {
  level: number;
  msg: unknown;
  type?: string;
  id?: string;
  z?: string;
}

export interface NodeRedEngineOptions {
  server: Server;
  dataDir: string;
  logger: Logger;
  /** Node-RED encrypts node credentials with this. */
  credentialSecret: string;
  storageModule: Record<string, unknown>;
  descriptors: ReadonlyMap<string, AnyNodeDescriptor>;
  validation: Omit<ValidationContext, 'deployedNodeOwners' | 'descriptors' | 'deployedFlows' | 'access' | 'filesRoot'>;
  /** Real path of the files root (security/files-root.ts): file nodes may only touch files below it. */
  filesRoot: string;
  /** Variables that stay in process.env for the process but that flows must not read (security/flow-env.ts). */
  hiddenEnv: readonly string[];
  /** Registers our SDK descriptors when Node-RED loads the bridge node set. */
  registerNodes(RED: RedNodeApi): void;
  /** Sees every start of the registered SDK nodes (their descriptors are wrapped with it); reports failed starts. */
  startTracker: NodeStartTracker;
}

const REGISTRAR = Symbol.for('tradelane.registerNodes');
const FLOWS_STARTED_TIMEOUT_MS = 30_000;

// Node-RED log levels: 10 fatal, 20 error, 30 warn, 40 info, 50 debug, 60 trace.
function logText(entry: NodeRedLogMessage): string {
  return typeof entry.msg === 'string' ? entry.msg : entry.msg instanceof Error ? entry.msg.message : JSON.stringify(entry.msg);
}

function forwardLog(logger: Logger, entry: NodeRedLogMessage): void {
  const fields = { source: 'node-red', nodeType: entry.type, nodeId: entry.id, flowId: entry.z };
  const text = logText(entry);
  if (entry.level <= 20) logger.error(fields, text);
  else if (entry.level <= 30) logger.warn(fields, text);
  else if (entry.level <= 40) logger.info(fields, text);
  else logger.debug(fields, text);
}

export class NodeRedEngine implements FlowEngine {
  private readonly runtime: NodeRedRuntime;
  private readonly flows = new Map<string, FlowDocument>();
  private readonly nodeIndex = new Map<string, DeployedNodeInfo>();
  private deployChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: NodeRedEngineOptions) {
    this.runtime = require('@node-red/runtime') as NodeRedRuntime;
  }

  get hooks(): NodeRedHooks {
    return this.runtime.hooks;
  }

  /** Express handler for routes defined by core `http in` nodes; Node-RED creates its app only in init(). */
  readonly httpHandler: RequestHandler = (req, res, next) => {
    const nodeApp = this.runtime.httpNode as RequestHandler | undefined;
    if (!nodeApp) {
      next();
      return;
    }
    // Node-RED's app is express 4. Its query middleware runs before it swaps in express 4's request prototype,
    // sees express 5's `query` getter and skips parsing; after the swap `req.query` is gone and `res.jsonp()`
    // (used by `http response` for object payloads) throws. Pinning the parsed query as an own property fixes it.
    Object.defineProperty(req, 'query', { value: req.query, writable: true, configurable: true, enumerable: true });
    nodeApp(req, res, next);
  };

  async start(flows: FlowDocument[]): Promise<void> {
    const coreNodesDir = path.dirname(require.resolve('@node-red/nodes'));
    (globalThis as Record<symbol, unknown>)[REGISTRAR] = (RED: RedNodeApi & NodeRedApi) => {
      this.options.registerNodes(RED);
      registerContainedCoreNodes(RED, { coreNodesDir, realFilesRoot: this.options.filesRoot });
    };
    for (const flow of flows) this.remember(flow);
    this.observeStarts();
    const userDir = path.join(this.options.dataDir, 'node-red');
    // Node-RED's registry reads userDir/package.json to find installed node modules; we install none there.
    mkdirSync(userDir, { recursive: true });
    if (!existsSync(path.join(userDir, 'package.json'))) writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'tradelane-node-red-userdir', private: true }, null, 2));
    const settings = {
      httpAdminRoot: false,
      httpNodeRoot: '/',
      disableEditor: true,
      userDir,
      coreNodesDir,
      nodesDir: [paths.nodeRedBridge],
      // exec never loads; function and the file nodes are replaced by contained versions (security/contained-core-nodes.ts).
      nodesExcludes: [...EXCLUDED_CORE_FILES],
      fileWorkingDirectory: this.options.filesRoot,
      envVarExcludes: [...this.options.hiddenEnv],
      // Node-RED reads the stored flows at start through getFlows(): hand it the same prefixed copy a deploy does.
      storageModule: { ...this.options.storageModule, getFlows: async () => this.nodeRedFlows() },
      credentialSecret: this.options.credentialSecret,
      externalModules: { autoInstall: false, palette: { allowInstall: false } },
      functionExternalModules: false,
      logging: {
        console: { level: 'off' },
        tradelane: { level: 'info', metrics: false, audit: false, handler: () => (entry: NodeRedLogMessage) => this.onLog(entry) },
      },
    };
    // The umbrella node-red package initialises logging and i18n before the runtime; embedding, we do it ourselves.
    (require('@node-red/util') as { init(settings: Record<string, unknown>): void }).init(settings);
    this.runtime.init(settings, this.options.server);
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Node-RED flows did not start within ${FLOWS_STARTED_TIMEOUT_MS} ms`)), FLOWS_STARTED_TIMEOUT_MS);
      this.runtime.events.once('flows:started', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // start() resolves before the flows run; flows:started is the real readiness signal.
    await this.runtime.start();
    await started;
    // A failed start at boot is not fatal: the flow is reported failed (GET /api/flows) until it is fixed.
    await Promise.all([...this.flows.keys()].map((flowId) => this.options.startTracker.settled(flowId)));
  }

  validate(flow: FlowDocument, access: DeployAccess, options: ValidateOptions = {}): FlowProblem[] {
    const owners = new Map<string, string>();
    for (const [id, info] of this.nodeIndex) owners.set(id, info.flowId);
    return validateFlow(flow, {
      ...this.options.validation, descriptors: this.options.descriptors, deployedNodeOwners: owners,
      deployedFlows: options.standalone ? [] : this.flows.values(), companionFlows: options.companions, access, filesRoot: this.options.filesRoot,
    });
  }

  review(flow: FlowDocument, access: DeployAccess, options: ValidateOptions = {}): FlowReview {
    const notes = flowNotes(flow);
    const links = linkTargetFindings(flow, [...(options.standalone ? [] : this.flows.values()), ...(options.companions ?? [])]);
    return { problems: this.validate(flow, access, options), ...notes, warnings: [...notes.warnings, ...links.warnings] };
  }

  deploy(flow: FlowDocument, access: DeployAccess, options: Pick<ValidateOptions, 'companions'> = {}): Promise<void> {
    return this.serialise(async () => {
      const problems = this.validate(flow, access, options);
      if (problems.length) throw new FlowValidationError(problems);
      const previous = this.flows.get(flow.id);
      this.replace(flow.id, flow, previous);
      try {
        await this.applyAll();
        await this.options.startTracker.settled(flow.id);
      } catch (error) {
        this.replace(flow.id, previous, flow);
        throw error;
      }
      const failed = this.notRunning(flow.id);
      if (!failed.length) return;
      // The new version does not run as deployed: start the previous one again (or nothing, for a new flow).
      this.replace(flow.id, previous, flow);
      await this.applyAll();
      if (previous) await this.options.startTracker.settled(flow.id);
      throw new FlowStartError(flow.id, failed, previous !== undefined);
    });
  }

  /** Swaps the engine's copy of one flow; the start failures of its old nodes go when Node-RED will restart them. */
  private replace(flowId: string, next: FlowDocument | undefined, current: FlowDocument | undefined): void {
    // Node-RED restarts a tab only when its content changed: an identical redeploy keeps the nodes and their failures.
    if (!next || !current || JSON.stringify(next.nodes) !== JSON.stringify(current.nodes)) this.options.startTracker.forget(flowId);
    if (next) this.remember(next);
    else this.forget(flowId);
  }

  remove(flowId: string): Promise<void> {
    return this.serialise(async () => {
      if (!this.flows.has(flowId)) return;
      this.forget(flowId);
      this.options.startTracker.forget(flowId);
      await this.applyAll();
    });
  }

  deliver(nodeId: string, msg: TradelaneMessage): boolean {
    const node = this.runtime._.nodes.getNode(nodeId);
    if (!node) return false;
    node.receive(msg);
    return true;
  }

  nodeInfo(nodeId: string): DeployedNodeInfo | undefined {
    return this.nodeIndex.get(nodeId);
  }

  notRunning(flowId: string): NotStartedNode[] {
    const flow = this.flows.get(flowId);
    if (!flow || flow.nodes.some((node) => node.type === 'tab' && node.disabled === true)) return [];
    const failures = new Map(this.options.startTracker.failuresOf(flowId).map((failure) => [failure.nodeId, failure.message]));
    const missing: NotStartedNode[] = [];
    for (const node of flow.nodes) {
      // Config nodes (no x/y), groups and disabled nodes are never started as flow nodes.
      if (node.type === 'tab' || node.type === 'group' || node.d === true || node.x === undefined || node.y === undefined) continue;
      const info = this.nodeIndex.get(node.id) ?? { id: node.id, type: node.type, name: '', flowId };
      // A node whose constructor threw does not exist in Node-RED; one whose start failed exists but serves nothing.
      if (!this.runtime._.nodes.getNode(node.id)) missing.push({ ...info, reason: 'the node could not be created (see the server log)' });
      else if (failures.has(node.id)) missing.push({ ...info, reason: failures.get(node.id)! });
    }
    return missing;
  }

  onNodeStatus(listener: (nodeId: string, status: unknown) => void): void {
    this.runtime.events.on('node-status', (...args: unknown[]) => {
      const event = args[0] as { id: string; status: unknown };
      listener(event.id, event.status);
    });
  }

  async stop(): Promise<void> {
    await this.deployChain.catch(() => undefined);
    await this.runtime.stop();
  }

  /** Status and error events tell the tracker about starts of nodes it does not create itself. */
  private observeStarts(): void {
    this.runtime.events.on('node-status', (...args: unknown[]) => {
      const event = args[0] as { id: string; status: unknown };
      this.options.startTracker.status(event.id, this.nodeIndex.get(event.id)?.flowId, event.status);
    });
  }

  private onLog(entry: NodeRedLogMessage): void {
    forwardLog(this.options.logger, entry);
    if (entry.level <= 20 && typeof entry.id === 'string') this.options.startTracker.error(entry.id, logText(entry));
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const result = this.deployChain.then(task, task);
    this.deployChain = result.catch(() => undefined);
    return result;
  }

  /** 'flows' deployment restarts only the tabs whose content changed; the others keep their timers and in-flight work. */
  private async applyAll(): Promise<void> {
    const all = this.nodeRedFlows();
    // setFlows resolves once the changed tabs are stopped, before they start again; a deploy is only done when
    // the new version serves requests, so wait for flows:started too.
    const restarted = this.nextFlowsStarted();
    await this.runtime.flows.setFlows({ flows: { flows: all }, deploymentType: 'flows' });
    await restarted;
  }

  /** Node-RED gets each http in under its flow's prefix; the stored flow keeps the url the analyst wrote. */
  private nodeRedFlows(): FlowNode[] {
    return [...this.flows.values()].flatMap((flow) => withFlowPrefixes(flow.id, flow.nodes));
  }

  private nextFlowsStarted(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onStarted = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.runtime.events.removeListener('flows:started', onStarted);
        reject(new Error(`Node-RED did not restart the flows within ${FLOWS_STARTED_TIMEOUT_MS} ms`));
      }, FLOWS_STARTED_TIMEOUT_MS);
      this.runtime.events.once('flows:started', onStarted);
    });
  }

  private remember(flow: FlowDocument): void {
    this.forget(flow.id);
    this.flows.set(flow.id, flow);
    for (const node of flow.nodes) {
      if (node.type === 'tab') continue;
      this.nodeIndex.set(node.id, { id: node.id, type: node.type, name: typeof node.name === 'string' ? node.name : '', flowId: flow.id });
    }
  }

  private forget(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    for (const node of flow.nodes) this.nodeIndex.delete(node.id);
    this.flows.delete(flowId);
  }
}
