// Consumes one RabbitMQ queue: each message goes downstream and is acknowledged once its path completed; a failed one is moved to the error queue first, so none is lost.
import { randomUUID } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { LEDGER_ID_PROPERTY, NodeError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import type { AmqpLink } from './amqp-connection.js';
import { recordConsumed } from './amqp-ledger.js';

export interface ConsumerSettings {
  queue: string;
  errorQueue: string;
  payloadFormat: 'auto' | 'json' | 'text' | 'buffer';
  ackTimeoutMs: number;
  partnerId: string;
}

const CORRELATION_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
/** A failed message whose move to the error queue also failed goes back to the queue after this pause, not at once. */
const REQUEUE_DELAY_MS = 5000;

type Payload = { ok: true; value: unknown } | { ok: false; message: string };

function payloadOf(content: Buffer, contentType: string | undefined, format: ConsumerSettings['payloadFormat']): Payload {
  const json = format === 'json' || (format === 'auto' && /^application\/([\w.+-]*\+)?json/i.test(contentType ?? ''));
  if (json) {
    try {
      return { ok: true, value: JSON.parse(content.toString('utf8')) };
    } catch (error) {
      return { ok: false, message: `the message body is not valid JSON: ${(error as Error).message}` };
    }
  }
  const text = format === 'text' || (format === 'auto' && (!contentType || /^text\/|xml|edi/i.test(contentType)));
  return { ok: true, value: text ? content.toString('utf8') : content };
}

export class AmqpConsumer {
  private link: AmqpLink | undefined;

  constructor(private readonly ctx: NodeContext, private readonly settings: ConsumerSettings) {}

  /** Declares the queues and consumes on a new channel (after every reconnect). */
  async attach(channel: ConfirmChannel, link: AmqpLink, prefetch: number, declare: boolean): Promise<void> {
    this.link = link;
    if (declare) await channel.assertQueue(this.settings.queue, { durable: true });
    if (this.settings.errorQueue) await channel.assertQueue(this.settings.errorQueue, { durable: true });
    await channel.prefetch(prefetch);
    await channel.consume(this.settings.queue, (message) => {
      if (!message) return;
      // handle() settles every message itself; anything thrown past it is a bug, logged, and the message stays unacknowledged.
      this.handle(channel, message).catch((error: Error) => this.ctx.log.error(`AMQP message from ${this.settings.queue} not handled: ${error.stack ?? error.message}`));
    }, { noAck: false });
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const { properties, fields, content } = message;
    const correlationId = typeof properties.correlationId === 'string' && CORRELATION_ID.test(properties.correlationId) ? properties.correlationId : randomUUID();
    const ledger = this.ctx.services.ledger;
    const documentId = recordConsumed(this.ctx, correlationId, this.settings.queue, content, properties, fields.redelivered, this.settings.partnerId);
    const payload = payloadOf(content, properties.contentType, this.settings.payloadFormat);
    if (!payload.ok) {
      ledger.update({ documentId }, { status: 'refused', errors: [{ path: 'payload', message: payload.message }] });
      return this.fail(channel, message, new NodeError('INVALID_MESSAGE', payload.message), documentId);
    }
    const msg = {
      payload: payload.value, correlationId, [LEDGER_ID_PROPERTY]: documentId, topic: fields.routingKey,
      amqp: { queue: this.settings.queue, exchange: fields.exchange, routingKey: fields.routingKey, messageId: properties.messageId, redelivered: fields.redelivered, headers: properties.headers ?? {} },
      ...(this.settings.partnerId ? { partnerId: this.settings.partnerId } : {}),
    } as TradelaneMessage;
    const outcome = await this.ctx.services.deliveries.dispatch(msg, (sent) => this.ctx.send(sent), { timeoutMs: this.settings.ackTimeoutMs });
    if (outcome.ok) {
      ledger.update({ documentId }, { status: 'accepted' });
      this.acknowledge(channel, message);
      return;
    }
    const { code, message: text, nodeId } = outcome.failure;
    ledger.update({ documentId }, { status: 'failed', errors: [{ path: 'amqp', message: text, code, nodeId }] });
    await this.fail(channel, message, new NodeError(code, text), documentId, nodeId);
  }

  /** Moves the message to the error queue with why, then acknowledges it; if that fails, it goes back to its queue later. */
  private async fail(channel: ConfirmChannel, message: ConsumeMessage, failure: NodeError, documentId: string, nodeId?: string): Promise<void> {
    if (!this.settings.errorQueue) return this.requeueLater(channel, message);
    const headers = { ...(message.properties.headers ?? {}), 'x-tradelane-error-code': failure.code, 'x-tradelane-error': failure.message.slice(0, 1000), 'x-tradelane-queue': this.settings.queue, ...(nodeId ? { 'x-tradelane-node': nodeId } : {}) };
    try {
      await new Promise<void>((resolve, reject) => {
        channel.sendToQueue(this.settings.errorQueue, message.content, { ...message.properties, headers, persistent: true }, (error: unknown) => (error ? reject(error as Error) : resolve()));
      });
    } catch (error) {
      this.ctx.log.error(`could not move a failed message to ${this.settings.errorQueue}; it goes back to ${this.settings.queue}: ${(error as Error).message}`);
      return this.requeueLater(channel, message);
    }
    this.ctx.services.ledger.update({ documentId }, { facts: { errorQueue: this.settings.errorQueue } });
    this.ctx.log.warn(`message moved to ${this.settings.errorQueue}: ${failure.code} ${failure.message}`);
    this.acknowledge(channel, message);
  }

  private requeueLater(channel: ConfirmChannel, message: ConsumeMessage): void {
    setTimeout(() => {
      if (this.link?.isCurrent(channel)) channel.nack(message, false, true);
    }, REQUEUE_DELAY_MS).unref();
  }

  /** An acknowledgement only counts on the channel that delivered the message; after a reconnect the broker delivers it again. */
  private acknowledge(channel: ConfirmChannel, message: ConsumeMessage): void {
    if (this.link?.isCurrent(channel)) channel.ack(message);
  }
}
