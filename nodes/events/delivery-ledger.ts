// Records each delivery attempt's outcome of a subscription on its ledger document (posted, or failed with the error).
import type { DeliveryTracker, NodeContext } from '../sdk/index.js';
import { ledgerIdOf } from '../canonical/ledger-facts.js';

/**
 * A context whose delivery tracker also writes the outcome to the ledger document the message names (msg.ledgerId,
 * one per subscription). The queue worker marks dead letters itself; this adds the per-attempt outcomes.
 */
export function withDeliveryLedger(ctx: NodeContext, subscription: string): NodeContext {
  const deliveries: DeliveryTracker = {
    async dispatch(msg, send, options) {
      const outcome = await ctx.services.deliveries.dispatch(msg, send, options);
      const documentId = ledgerIdOf(msg);
      if (documentId) {
        const attempt = (msg.queue as { attempt?: number } | undefined)?.attempt ?? 1;
        const at = new Date(ctx.services.clock.now()).toISOString();
        ctx.services.ledger.update({ documentId }, outcome.ok
          ? { status: 'posted', facts: { subscription, attempts: attempt, deliveredAt: at } }
          : { status: 'failed', errors: [{ message: outcome.failure.message, code: outcome.failure.code, attempt }], facts: { subscription, attempts: attempt, lastFailureAt: at } });
      }
      return outcome;
    },
  };
  return Object.create(ctx, { services: { value: { ...ctx.services, deliveries }, enumerable: true } }) as NodeContext;
}
