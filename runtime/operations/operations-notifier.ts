// Tells dashboards that the overview changed: socket.io event `operations` = {at}, at most once per second, from ledger, dead-letter, circuit and alert/exception changes.
const THROTTLE_MS = 1000;
/** Alerts and exceptions change in SQL (perhaps by another runtime): their newest change is compared this often. */
const POLL_MS = 2000;

export interface OperationsNotifierOptions {
  emit(payload: { at: number }): void;
  /** A fingerprint of alerts and exceptions; a different answer means something changed. */
  lastChange(): Promise<string>;
  now?: () => number;
  onError(error: unknown): void;
}

export class OperationsNotifier {
  private lastEmit = 0;
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private fingerprint: string | undefined;
  private closed = false;

  constructor(private readonly options: OperationsNotifierOptions) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Something changed: emit now, or once the second since the last emit is over. */
  changed(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastEmit + THROTTLE_MS - this.now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastEmit = this.now;
      this.options.emit({ at: this.lastEmit });
    }, wait);
    this.timer.unref();
  }

  start(): void {
    this.poller = setInterval(() => {
      void this.options.lastChange().then((fingerprint) => {
        if (this.fingerprint !== undefined && fingerprint !== this.fingerprint) this.changed();
        this.fingerprint = fingerprint;
      }, this.options.onError);
    }, POLL_MS);
    this.poller.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
  }
}
