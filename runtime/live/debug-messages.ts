// Debug node output: what each core `debug` node would show in Node-RED's sidebar, masked and capped, to socket.io `debug` and the last 100 per flow.
import type { TradelaneMessage } from '../../nodes/sdk/index.js';
import type { NodeRedHooks } from '../engine/trace-hooks.js';
import type { CapturedValue } from './trace-data-store.js';
import { capturedValueJson } from './trace-data-store.js';

export interface DebugMessage {
  flowId: string;
  nodeId: string;
  nodeName: string;
  at: number;
  correlationId?: string;
  property: string;
  value: CapturedValue;
}

/** The core debug node's own settings, as its constructor keeps them. */
interface DebugNodeState { type?: string; complete?: string | null; active?: boolean; tosidebar?: boolean }

interface DeliverEvent {
  msg: TradelaneMessage & Record<string, unknown>;
  destination: { id: string; node?: DebugNodeState };
}

export interface DebugMessagesOptions {
  maxBytes: number;
  maskFieldsFor(partnerId: string | undefined, flowId: string | undefined): ReadonlySet<string>;
  nodeInfo(nodeId: string): { name: string; type: string; flowId: string } | undefined;
  publish(message: DebugMessage): void;
  now?: () => number;
}

const KEEP_PER_FLOW = 100;
/** Never shown: the live request and response objects of http in messages. */
const HIDDEN = new Set(['req', 'res', '_delivery']);

function propertyOf(msg: Record<string, unknown>, path: string): unknown {
  let value: unknown = msg;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export class DebugMessages {
  private readonly byFlow = new Map<string, DebugMessage[]>();

  constructor(private readonly options: DebugMessagesOptions) {}

  install(hooks: NodeRedHooks): () => void {
    hooks.add('preDeliver.tradelane-debug', (event: DeliverEvent) => {
      const node = event.destination.node;
      if (node?.type !== 'debug' || node.active === false || node.tosidebar === false) return;
      this.record(event.destination.id, event.msg, node.complete ?? 'payload');
    });
    return () => hooks.remove('*.tradelane-debug');
  }

  recent(flowId: string): DebugMessage[] {
    return [...(this.byFlow.get(flowId) ?? [])];
  }

  private record(nodeId: string, msg: Record<string, unknown>, complete: string): void {
    const info = this.options.nodeInfo(nodeId);
    const flowId = info?.flowId ?? '';
    let value: unknown;
    let property: string;
    if (complete === 'true') {
      property = 'msg';
      value = Object.fromEntries(Object.entries(msg).filter(([name]) => !HIDDEN.has(name)));
    } else {
      property = `msg.${complete}`;
      value = propertyOf(msg, complete);
    }
    const partnerId = typeof msg.partnerId === 'string' ? msg.partnerId : undefined;
    const captured = JSON.parse(capturedValueJson(value, this.options.maskFieldsFor(partnerId, flowId), this.options.maxBytes)) as CapturedValue;
    const message: DebugMessage = {
      flowId, nodeId, nodeName: info?.name ?? '', at: (this.options.now ?? Date.now)(),
      ...(typeof msg.correlationId === 'string' ? { correlationId: msg.correlationId } : {}), property, value: captured,
    };
    let kept = this.byFlow.get(flowId);
    if (!kept) this.byFlow.set(flowId, (kept = []));
    kept.push(message);
    if (kept.length > KEEP_PER_FLOW) kept.shift();
    this.options.publish(message);
  }
}
