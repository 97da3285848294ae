// A stable id for one delivery of a message by one node: the same message sent again (a retry, a replay) gets the same id, so the receiver can drop the copy.
import { createHash } from 'node:crypto';
import type { NodeContext } from './context.js';

/** 32 hex characters of SHA-256 over the flow, the node, the correlation id and the content parts, in order. */
export function deliveryId(ctx: Pick<NodeContext, 'flowId' | 'nodeId'>, correlationId: string, ...content: Array<string | Buffer>): string {
  const digest = createHash('sha256').update(`${ctx.flowId}\n${ctx.nodeId}\n${correlationId}\n`);
  for (const part of content) digest.update(part);
  return digest.digest('hex').slice(0, 32);
}
