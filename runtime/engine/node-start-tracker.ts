// Which deployed nodes failed to start and why: SDK create() outcomes, plus "failed to start" statuses of other nodes.
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';

export interface NodeStartFailure {
  nodeId: string;
  flowId: string;
  message: string;
}

/** Text of the red status a node shows when its start failed (the SDK binding and the contained function node). */
export const FAILED_TO_START_STATUS = 'failed to start';
/** How long a deploy waits for asynchronous create() calls to settle; a node still starting after that counts as started. */
const SETTLE_TIMEOUT_MS = 10_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

export class NodeStartTracker {
  private readonly pending = new Map<string, { flowId: string; done: Promise<unknown> }>();
  private readonly failures = new Map<string, NodeStartFailure>();

  /**
   * The descriptor with its create() observed: the SDK still sees the same outcome (a failure is rethrown), and the
   * tracker learns when each node's start settled and how.
   */
  wrap(descriptor: AnyNodeDescriptor): AnyNodeDescriptor {
    const create = descriptor.create;
    if (!create) return descriptor;
    return {
      ...descriptor,
      create: (ctx, config) => {
        this.failures.delete(ctx.nodeId);
        const observed = Promise.resolve().then(() => create.call(descriptor, ctx, config)).then(
          (behaviour) => {
            if (this.pending.get(ctx.nodeId) === entry) this.pending.delete(ctx.nodeId);
            return behaviour;
          },
          (error: unknown) => {
            if (this.pending.get(ctx.nodeId) === entry) this.pending.delete(ctx.nodeId);
            this.failures.set(ctx.nodeId, { nodeId: ctx.nodeId, flowId: ctx.flowId, message: `node failed to start: ${messageOf(error)}` });
            throw error;
          },
        );
        // settled() waits for this: by then the outcome above is recorded.
        const entry = { flowId: ctx.flowId, done: observed.catch(() => undefined) };
        this.pending.set(ctx.nodeId, entry);
        return observed;
      },
    };
  }

  /** A node status change: a red "failed to start" of a node the SDK does not create (e.g. the contained function node). */
  status(nodeId: string, flowId: string | undefined, status: unknown): void {
    const { fill, text } = (status ?? {}) as { fill?: unknown; text?: unknown };
    if (fill !== 'red' || text !== FAILED_TO_START_STATUS || this.failures.has(nodeId) || flowId === undefined) return;
    this.failures.set(nodeId, { nodeId, flowId, message: FAILED_TO_START_STATUS });
  }

  /** An error a node logged; the first one after its "failed to start" status says why (the contained function node logs it next). */
  error(nodeId: string, message: string): void {
    const failure = this.failures.get(nodeId);
    if (failure && failure.message === FAILED_TO_START_STATUS) failure.message = message;
  }

  /** Resolves once every start of this flow's nodes has settled (or after a bound, so a hung create cannot hang a deploy). */
  async settled(flowId: string): Promise<void> {
    const starts = [...this.pending.values()].filter((entry) => entry.flowId === flowId).map((entry) => entry.done);
    if (!starts.length) return;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, SETTLE_TIMEOUT_MS); });
    await Promise.race([Promise.all(starts), bound]);
    clearTimeout(timer);
  }

  failuresOf(flowId: string): NodeStartFailure[] {
    return [...this.failures.values()].filter((failure) => failure.flowId === flowId);
  }

  /** Called before a flow's nodes are stopped (redeploy, removal): its old failures no longer apply. */
  forget(flowId: string): void {
    for (const [nodeId, failure] of this.failures) if (failure.flowId === flowId) this.failures.delete(nodeId);
  }
}
