// tl-dead-letter: stores a failed message with its whole error chain for inspection, editing and replay through the API.
import { defineNode, type Failure, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { businessKeysOf } from '../canonical/business-keys.js';
import { errorsOfFailures, ledgerIdOf, markDeadLettered } from '../canonical/ledger-facts.js';
import { toStoredMessage } from './stored-message.js';

export interface DeadLetterConfig {
  replayNodeId: string;
}

/** Node-RED's Catch gives {message, source:{id,type}, code?}; the SDK's structured msg.failure is preferred when present. */
interface CaughtError {
  message?: unknown;
  code?: unknown;
  source?: { id?: unknown; type?: unknown };
}

/** Every attempt's failure, oldest first: msg.failures, then msg.failure if it is not already the last one, else msg.error. */
export function errorChain(msg: TradelaneMessage, now: number): Failure[] {
  const chain: Failure[] = Array.isArray(msg.failures) ? [...msg.failures] : [];
  const last = chain[chain.length - 1];
  if (msg.failure && !(last && last.at === msg.failure.at && last.nodeId === msg.failure.nodeId && last.code === msg.failure.code)) chain.push(msg.failure);
  if (!chain.length && msg.error && typeof msg.error === 'object') {
    const caught = msg.error as CaughtError;
    chain.push({
      code: typeof caught.code === 'string' ? caught.code : 'NODE_FAILED',
      message: typeof caught.message === 'string' ? caught.message : 'node failed',
      retryable: false,
      nodeId: typeof caught.source?.id === 'string' ? caught.source.id : '',
      nodeType: typeof caught.source?.type === 'string' ? caught.source.type : '',
      at: new Date(now).toISOString(),
    });
  }
  return chain;
}

export const deadLetterNode = defineNode<DeadLetterConfig>({
  type: 'tl-dead-letter',
  category: 'reliability',
  label: 'dead letter',
  summary: 'Stores a failed message and its error chain; operators inspect, edit and replay it from the dead-letter console or API.',
  color: '#E9967A',
  icon: 'font-awesome/fa-archive',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'stored' }],
  configSchema: {
    type: 'object',
    properties: {
      replayNodeId: { type: 'string', default: '', title: 'Replay into node', description: 'Node id a replay is delivered to by default; a node of this flow. Empty: the node that failed (the last error\'s node).' },
    },
    additionalProperties: false,
  },
  docs: `Ends a failure path: wire a **retry** node's *exhausted* output, or a **catch** node, to it.

It stores the message (without the HTTP request and response), the **error chain** (every attempt's node, code, message and time, from \`msg.failures\` / \`msg.failure\` / \`msg.error\`), the correlation ID, the flow id and deployed version, the partner and the node a replay goes to.
Then it sends the message on with \`msg.deadLetterId\`, e.g. to a respond node that answers 503.

A message that already has \`msg.deadLetterId\` (the durable queue's *dead-lettered* output) is passed through without storing it twice.

Operators list, inspect, edit, replay and discard dead letters through \`/api/deadletters\`; every replay is traced and audited.
The message's ledger document (\`msg.ledgerId\`) becomes \`dead-lettered\`, with the error chain as its errors and the fact \`deadLetterId\`.
A message without one (e.g. from an \`http in\` node) is recorded as a document of its own (channel \`deadletter\`), so every dead letter can be found in the ledger;
its id travels with the stored message, so a replay updates the same document (replay count and who replayed it; \`posted\` once the replay succeeds).

A replay goes into this flow only, into the entry node (admins may choose another node of the flow); an edited payload is validated again against the flow's validate node before it can reach a backend, or needs the permission \`deadletter.replay-unvalidated\` and a reason.`,
  origin: 'tradelane',
  create(ctx, config) {
    return {
      async onInput(msg) {
        // Stored (and marked in the ledger) already by the durable queue, whose dead-lettered output this is.
        if (typeof msg.deadLetterId === 'string' && msg.deadLetterId) return msg;
        const errors = errorChain(msg, ctx.services.clock.now());
        // Before the message is stored, so a replay of it carries the ledger id.
        if (!ledgerIdOf(msg)) msg.ledgerId = recordUnrecorded(ctx, msg, errors);
        const entryNodeId = config.replayNodeId || errors[errors.length - 1]?.nodeId || ctx.nodeId;
        const { id } = await ctx.services.deadLetters.add({
          message: toStoredMessage(msg),
          errors,
          correlationId: msg.correlationId,
          flowId: ctx.flowId,
          ...(typeof msg.partnerId === 'string' ? { partnerId: msg.partnerId } : {}),
          entryNodeId,
          nodeId: ctx.nodeId,
        });
        msg.deadLetterId = id;
        markDeadLettered(ctx.services.ledger, msg, errors, id);
        ctx.services.tracer.note(msg, ctx.nodeId, 'note', `dead-lettered as ${id} with ${errors.length} error(s)`);
        return msg;
      },
    };
  },
});

/** A dead letter whose message no earlier node recorded: it becomes a ledger document of its own. */
function recordUnrecorded(ctx: NodeContext, msg: TradelaneMessage, errors: Failure[]): string {
  const documentType = typeof msg.documentType === 'string' && msg.documentType ? msg.documentType : 'message';
  return ctx.services.ledger.record({
    direction: 'in', channel: 'deadletter', documentType, status: 'dead-lettered', correlationId: msg.correlationId,
    flowId: ctx.flowId, nodeId: ctx.nodeId, keys: businessKeysOf(documentType, msg.payload), raw: msg.payload, errors: errorsOfFailures(errors),
    ...(typeof msg.partnerId === 'string' && msg.partnerId ? { partnerId: msg.partnerId } : {}),
  });
}
