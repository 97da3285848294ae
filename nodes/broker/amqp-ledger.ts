// What the AMQP nodes write to the document ledger: a publication (out) under the document it came from, a consumed message (in) and its outcome.
import type { NodeContext, NodeError, TradelaneMessage } from '../sdk/index.js';
import { ledgerIdOf } from '../canonical/ledger-facts.js';

export interface AmqpTarget {
  exchange: string;
  routingKey: string;
  messageId: string;
}

/** The body as the ledger keeps it: text as it is, anything else as latin1 so no byte is lost. */
function rawOf(content: Buffer, contentType: string | undefined): string {
  return /^(text\/|application\/(json|xml|edi))/.test(contentType ?? 'text/') ? content.toString('utf8') : content.toString('latin1');
}

export function recordPublication(ctx: NodeContext, msg: TradelaneMessage, target: AmqpTarget, content: Buffer, contentType: string, partnerId: string, failure?: NodeError): void {
  const parentId = ledgerIdOf(msg);
  ctx.services.ledger.record({
    direction: 'out', channel: 'broker', documentType: typeof msg.documentType === 'string' && msg.documentType ? msg.documentType : 'broker-message',
    status: failure ? 'failed' : 'sent', correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId,
    raw: rawOf(content, contentType), sizeBytes: content.length,
    facts: { exchange: target.exchange || '(default)', routingKey: target.routingKey, messageId: target.messageId },
    ...(partnerId ? { partnerId } : {}), ...(parentId ? { parentId } : {}),
    ...(failure ? { errors: [{ path: 'amqp', message: failure.message, code: failure.code }] } : {}),
  });
}

export function recordConsumed(ctx: NodeContext, correlationId: string, queue: string, content: Buffer, properties: { contentType?: string; messageId?: string }, redelivered: boolean, partnerId: string): string {
  return ctx.services.ledger.record({
    direction: 'in', channel: 'broker', documentType: 'broker-message', status: 'received', correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId,
    raw: rawOf(content, properties.contentType), sizeBytes: content.length,
    facts: { queue, redelivered, ...(properties.messageId ? { messageId: properties.messageId } : {}) },
    ...(partnerId ? { partnerId } : {}),
  });
}
