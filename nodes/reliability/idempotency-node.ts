// tl-idempotency: drops or diverts a message whose key (a JSONata expression) was already accepted; keys persist with a TTL.
import { compileExpression, defineNode, NodeError, type TradelaneMessage } from '../sdk/index.js';

export interface IdempotencyConfig {
  keyExpression: string;
  ttlSeconds: number;
  onDuplicate: 'output' | 'drop';
  namespace: string;
}

/** What is stored per key and put on a duplicate as msg.duplicateOf. */
export interface FirstSeen {
  correlationId: string;
  at: string;
}

export const idempotencyNode = defineNode<IdempotencyConfig>({
  type: 'tl-idempotency',
  category: 'reliability',
  label: 'idempotency',
  summary: 'Lets each key (e.g. partner + PO + ack number) through once; duplicates go to the second output or are dropped.',
  color: '#C0DEED',
  icon: 'font-awesome/fa-clone',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'first time' }, { label: 'duplicate' }],
  configSchema: {
    type: 'object',
    properties: {
      keyExpression: {
        type: 'string', minLength: 1, 'x-widget': 'jsonata', title: 'Key (JSONata)',
        default: '$exists(idempotencyKey) ? idempotencyKey : partnerId & ":" & payload.poNumber & ":" & payload.ackNumber',
        description: 'Evaluated against the message; must give a non-empty string or number.',
      },
      ttlSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000, default: 604_800, title: 'Remember keys for (s)' },
      onDuplicate: { enum: ['output', 'drop'], default: 'output', title: 'Duplicates', description: '"output": second output (e.g. answer 200 "duplicate"); "drop": a trace note, nothing else.' },
      namespace: { type: 'string', default: '', maxLength: 128, title: 'Key namespace', description: 'Empty: the node id. Nodes of one flow sharing a namespace share their keys; a namespace used in another flow is refused at deploy.' },
    },
    additionalProperties: false,
  },
  docs: `Passes each message whose **key** has not been seen yet, and stops repeats.

The key is a JSONata expression, for example \`partnerId & ":" & payload.poNumber & ":" & payload.ackNumber\`. Keys are stored durably for **ttlSeconds**.

A key is recorded only **after the message's downstream path completed without error** (for a durable queue downstream: once it is stored).
So a message refused further on (queue full, invalid, ERP rejection on a synchronous path) can be sent again and is not mistaken for a duplicate.
While a message is still on its way, a second one with the same key counts as a duplicate.

**Duplicates** get \`msg.duplicateOf = {correlationId, at}\` of the first message and leave on the second output, or are dropped with a trace note.

Limit: the key is written after the downstream accepted the message. If the process is killed between the two, a repeat of that message is accepted again; downstream idempotency (the ERP's Idempotency-Key) keeps that harmless.

### Outputs

1. **first time**: the message, unchanged, when its key has not been seen.
2. **duplicate**: a repeat, with \`msg.duplicateOf\` (only when **Duplicates** is \`output\`).`,
  origin: 'tradelane',
  create(ctx, config) {
    const expression = compileExpression(config.keyExpression, 'keyExpression');
    const store = ctx.services.keyValue(`idempotency:${config.namespace || ctx.nodeId}`);
    const inFlight = new Map<string, FirstSeen>();
    const ttlMs = config.ttlSeconds * 1000;

    async function keyOf(msg: TradelaneMessage): Promise<string> {
      const value = await expression.evaluate(msg);
      if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
        throw new NodeError('IDEMPOTENCY_NO_KEY', `keyExpression gave ${value === undefined ? 'nothing' : JSON.stringify(value)}, expected a non-empty string`, { retryable: false, details: { expression: config.keyExpression } });
      }
      return String(value);
    }

    return {
      async onInput(msg, helpers) {
        const key = await keyOf(msg);
        const seen = inFlight.get(key) ?? (await store.get<FirstSeen>(key));
        if (seen) {
          msg.duplicateOf = seen;
          if (config.onDuplicate === 'output') return [null, msg];
          ctx.services.tracer.note(msg, ctx.nodeId, 'dropped', `duplicate of ${seen.correlationId} (key ${key})`);
          return null;
        }
        const first: FirstSeen = { correlationId: msg.correlationId, at: new Date(ctx.services.clock.now()).toISOString() };
        inFlight.set(key, first);
        try {
          const outcome = await ctx.services.deliveries.dispatch(msg, (copy) => helpers.send(copy));
          if (outcome.ok) await store.setIfAbsent(key, first, { ttlMs });
        } finally {
          inFlight.delete(key);
        }
        return null;
      },
    };
  },
});
