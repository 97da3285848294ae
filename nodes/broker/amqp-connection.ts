// Config shared by the AMQP nodes and the link to the broker: one recovering connection per node, a confirm channel per connection, re-created after every reconnect.
import { connect, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
import { NodeError, type JSONSchema, type NodeContext } from '../sdk/index.js';

export interface AmqpConnectionConfig {
  host: string;
  port: number;
  vhost: string;
  username: string;
  heartbeatSeconds: number;
  partnerId: string;
}

export const amqpConnectionProperties: Record<string, JSONSchema> = {
  host: { type: 'string', minLength: 1, maxLength: 253, title: 'Broker host', description: 'The RabbitMQ (AMQP 0-9-1) server.' },
  port: { type: 'integer', minimum: 1, maximum: 65535, default: 5672, title: 'Port' },
  vhost: { type: 'string', default: '/', maxLength: 255, title: 'Virtual host' },
  username: { type: 'string', minLength: 1, maxLength: 255, default: 'guest', title: 'Username' },
  heartbeatSeconds: { type: 'integer', minimum: 0, maximum: 600, default: 30, title: 'Heartbeat (s)', description: 'A broker silent for two heartbeats counts as gone and the node reconnects; 0: no heartbeats.' },
  partnerId: { type: 'string', default: '', maxLength: 128, title: 'Partner', description: 'The partner these messages belong to, if any: the ledger records them under it.' },
};

export const amqpConnectionRequired = ['host'];

export const amqpCredentialsSchema: JSONSchema = {
  type: 'object',
  properties: {
    password: { type: 'string', title: 'Password', description: 'Stored sealed and never shown again.', 'x-secret': true, 'x-widget': 'password' },
  },
};

export const amqpConnectionDocs = `
### Connection
- **host**, **port**, **vhost**, **username** and the credential **password** (stored sealed, never returned).
- The node connects at start and reconnects by itself after the broker restarts or the network drops (backoff from
  0.5 s up to 10 s). While it is disconnected its status is red; a publish fails with the retryable \`AMQP_UNAVAILABLE\`.`;

const FIRST_CONNECT_WAIT_MS = 5000;

/** The live channel of a node; undefined while disconnected. */
export class AmqpLink {
  private model: RecoveringChannelModel | undefined;
  /** The connection of the moment (recovery replaces it after a reconnect). */
  private connection: ChannelModel | undefined;
  private channel: ConfirmChannel | undefined;
  private closed = false;

  constructor(
    private readonly ctx: NodeContext,
    private readonly config: AmqpConnectionConfig,
    /** Runs on every new channel: declare queues, start consuming. */
    private readonly onChannel: (channel: ConfirmChannel) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    const password = this.ctx.credentials.password ?? '';
    const url = { protocol: 'amqp', hostname: this.config.host, port: this.config.port, vhost: this.config.vhost, username: this.config.username, password, heartbeat: this.config.heartbeatSeconds };
    this.ctx.status({ fill: 'yellow', shape: 'ring', text: 'connecting' });
    this.model = await connect(url, { recovery: { waitForConnect: false, initialDelay: 500, maxDelay: 10_000, setup: (model: ChannelModel) => this.open(model) } });
    this.model.on('disconnect', (error: Error) => {
      this.channel = undefined;
      this.connection = undefined;
      this.ctx.status({ fill: 'red', shape: 'ring', text: `disconnected: ${error.message}`.slice(0, 80) });
      this.ctx.log.warn(`AMQP broker ${this.config.host}:${this.config.port} disconnected: ${error.message}`);
    });
    this.model.on('connect-failed', (error: Error) => this.ctx.status({ fill: 'red', shape: 'ring', text: `cannot connect: ${error.message}`.slice(0, 80) }));
    this.model.on('error', (error: Error) => this.ctx.log.warn(`AMQP connection error: ${error.message}`));
    // Give the first connection a moment, so messages sent right after a deploy do not fail for nothing; a broker that is
    // down does not hold up the start: the node keeps reconnecting.
    await Promise.race([this.model.waitForConnect().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref())]);
  }

  /** The channel to publish or acknowledge on; a retryable error while there is none. */
  current(): ConfirmChannel {
    if (this.channel) return this.channel;
    throw new NodeError('AMQP_UNAVAILABLE', `not connected to the AMQP broker ${this.config.host}:${this.config.port}`, { retryable: true });
  }

  isCurrent(channel: ConfirmChannel): boolean {
    return this.channel === channel;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channel = undefined;
    await this.model?.close().catch(() => undefined);
  }

  private async open(model: ChannelModel): Promise<void> {
    this.connection = model;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.ctx.log.warn(`AMQP channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
      // The broker closes a channel, not the connection, on a channel-level error (a queue that is missing, say): open a new one.
      if (!this.closed && this.connection === model) setTimeout(() => this.reopen(model), 1000).unref();
    });
    await this.onChannel(channel);
    this.channel = channel;
    this.ctx.status({ fill: 'green', shape: 'dot', text: 'connected' });
  }

  private reopen(model: ChannelModel): void {
    if (this.closed || this.connection !== model) return;
    this.open(model).catch((error: Error) => {
      this.ctx.status({ fill: 'red', shape: 'ring', text: `channel: ${error.message}`.slice(0, 80) });
      this.ctx.log.warn(`AMQP channel could not be opened again: ${error.message}`);
      setTimeout(() => this.reopen(model), 5000).unref();
    });
  }
}
