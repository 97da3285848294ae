// Drains the trace ring buffer every ~100 ms into the trace store, node counters, metrics and socket.io clients.
import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { AuthService } from '../api/auth.js';
import type { Logger } from '../logger.js';
import type { NodeStats } from './node-stats.js';
import { TraceEventKind, type TraceEvent, type TraceRingBuffer } from './trace-buffer.js';
import type { TraceStore } from './trace-store.js';

const FLUSH_EVERY_MS = 100;
const STATS_EVERY_MS = 1000;

const EVENT_NAMES: Record<number, string> = {
  [TraceEventKind.Received]: 'received',
  [TraceEventKind.Completed]: 'completed',
  [TraceEventKind.Error]: 'error',
  [TraceEventKind.Note]: 'note',
};

export interface LiveHubOptions {
  buffer: TraceRingBuffer;
  traces: TraceStore;
  stats: NodeStats;
  auth: AuthService;
  logger: Logger;
  flowOf(nodeId: string): string | undefined;
  /** Called with each drained batch (metrics). */
  onBatch?(events: TraceEvent[]): void;
}

export class LiveHub {
  private io: SocketServer | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: LiveHubOptions) {}

  attach(server: HttpServer): void {
    const io = new SocketServer(server, { serveClient: false, cors: { origin: false } });
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const user = typeof token === 'string' ? this.options.auth.verify(token) : undefined;
      if (!user) next(new Error('authentication required: pass {auth: {token}} from POST /api/auth/login'));
      else next();
    });
    this.io = io;
  }

  start(): void {
    this.timers.push(setInterval(() => this.flush(), FLUSH_EVERY_MS).unref());
    this.timers.push(setInterval(() => this.io?.emit('stats', { at: Date.now(), nodes: this.options.stats.snapshot() }), STATS_EVERY_MS).unref());
  }

  /** Moves buffered events into the store; also called before a trace is read so it is complete. */
  flush(): void {
    const events = this.options.buffer.drain();
    if (events.length === 0) return;
    this.options.traces.add(events);
    this.options.stats.add(events);
    this.options.onBatch?.(events);
    if (this.io && this.io.engine.clientsCount > 0) {
      const batch = [];
      for (const event of events) {
        const name = EVENT_NAMES[event.kind];
        if (name) batch.push({ correlationId: event.correlationId, nodeId: event.nodeId, flowId: this.options.flowOf(event.nodeId), event: name, at: event.at });
      }
      if (batch.length) this.io.emit('trace', batch);
    }
  }

  nodeStatus(nodeId: string, status: unknown): void {
    this.io?.emit('node-status', { nodeId, status });
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.flush();
    await new Promise<void>((resolve) => (this.io ? this.io.close(() => resolve()) : resolve()));
  }
}
