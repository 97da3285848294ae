// Drains the trace ring buffer every ~100 ms into the SQL trace store, node counters, metrics and socket.io clients; drops clients whose token stops working.
import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import type { AuthService, Revocation } from '../api/auth.js';
import type { Logger } from '../logger.js';
import type { NodeStats } from './node-stats.js';
import { TraceEventKind, type TraceEvent, type TraceRingBuffer } from './trace-buffer.js';

const FLUSH_EVERY_MS = 100;
const STATS_EVERY_MS = 1000;
/** Tokens also expire: every connection's token is checked again this often. */
const RECHECK_EVERY_MS = 60_000;

interface SocketSession {
  token: string;
  username: string;
  tokenId: string;
}

const EVENT_NAMES: Record<number, string> = {
  [TraceEventKind.Received]: 'received',
  [TraceEventKind.Completed]: 'completed',
  [TraceEventKind.Error]: 'error',
  [TraceEventKind.Note]: 'note',
};

export interface LiveHubOptions {
  buffer: TraceRingBuffer;
  /** Where hops are kept (SQL): add() only prepares rows, the write happens in the background. */
  traces: { add(events: TraceEvent[]): void };
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
      void (typeof token === 'string' ? this.options.auth.verify(token) : Promise.resolve(undefined)).then((verified) => {
        if (!verified || typeof token !== 'string') {
          next(new Error('authentication required: pass {auth: {token}} from POST /api/auth/login'));
          return;
        }
        socket.data = { token, username: verified.user.username, tokenId: verified.token.id } satisfies SocketSession;
        next();
      }, (error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
    });
    this.io = io;
    this.options.auth.onRevocation((revocation) => void this.recheck(revocation));
  }

  /** Disconnects every client whose token no longer verifies (logout, user changed, disabled, deleted, expired). */
  private async recheck(revocation?: Revocation): Promise<void> {
    if (!this.io) return;
    const affected = [...this.io.sockets.sockets.values()].filter((socket) => {
      const session = socket.data as SocketSession | undefined;
      return !revocation || session?.username === revocation.username || session?.tokenId === revocation.tokenId;
    });
    await Promise.all(affected.map((socket) => this.dropIfRevoked(socket)));
  }

  private async dropIfRevoked(socket: Socket): Promise<void> {
    const session = socket.data as SocketSession | undefined;
    const verified = session ? await this.options.auth.verify(session.token).catch(() => undefined) : undefined;
    if (verified) return;
    socket.emit('auth-revoked', { message: 'token is no longer valid: log in again' });
    socket.disconnect(true);
  }

  start(): void {
    this.timers.push(setInterval(() => this.flush(), FLUSH_EVERY_MS).unref());
    this.timers.push(setInterval(() => this.io?.emit('stats', { at: Date.now(), nodes: this.options.stats.snapshot() }), STATS_EVERY_MS).unref());
    this.timers.push(setInterval(() => void this.recheck().catch((error: unknown) => this.options.logger.error({ err: error }, 'checking socket tokens failed')), RECHECK_EVERY_MS).unref());
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

  /** Sends one event to every connected client (operations, debug). */
  broadcast(event: string, payload: unknown): void {
    if (this.io && this.io.engine.clientsCount > 0) this.io.emit(event, payload);
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
