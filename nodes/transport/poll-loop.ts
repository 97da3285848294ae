// Runs a node's poll on an interval, one at a time, and shows the last outcome on the node.
import type { NodeContext } from '../sdk/index.js';

/** Runs one poll at a time on an interval; a failed poll is reported on the node and tried again at the next one. */
export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastError: string | undefined;

  constructor(private readonly ctx: NodeContext, private readonly poll: () => Promise<{ taken: number; failed: number }>, private readonly intervalMs: number) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.poll().then(
      (summary) => this.succeeded(summary),
      (error: unknown) => this.failed(error),
    ).finally(() => { this.running = undefined; });
  }

  private succeeded({ taken, failed }: { taken: number; failed: number }): void {
    this.lastError = undefined;
    const text = `${new Date(this.ctx.services.clock.now()).toISOString().slice(11, 19)}: ${taken} taken${failed ? `, ${failed} to the error folder` : ''}`;
    this.ctx.status({ fill: failed ? 'yellow' : 'green', shape: 'dot', text });
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.ctx.status({ fill: 'red', shape: 'ring', text: message.slice(0, 120) });
    // Said once per distinct problem, not at every poll of a long outage.
    if (message !== this.lastError) this.ctx.log.warn(`poll failed: ${message}`, { code: (error as { code?: unknown }).code });
    this.lastError = message;
  }
}
