// Fixed-size ring buffer for hook events: typed arrays and string references, no allocation or JSON per event.

export enum TraceEventKind {
  Received = 1,
  Sent = 2,
  Completed = 3,
  Error = 4,
  Note = 5,
}

export interface TraceEvent {
  kind: TraceEventKind;
  at: number;
  nodeId: string;
  correlationId: string;
  /** Error message or note text. */
  text: string | undefined;
}

export class TraceRingBuffer {
  private readonly kinds: Uint8Array;
  private readonly times: Float64Array;
  private readonly nodeIds: Array<string | undefined>;
  private readonly correlationIds: Array<string | undefined>;
  private readonly texts: Array<string | undefined>;
  private head = 0; // next write position
  private size = 0;
  /** Events overwritten before a drain picked them up; exported as a metric. */
  overwritten = 0;

  constructor(private readonly capacity = 1 << 16) {
    this.kinds = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.nodeIds = new Array<string | undefined>(capacity);
    this.correlationIds = new Array<string | undefined>(capacity);
    this.texts = new Array<string | undefined>(capacity);
  }

  push(kind: TraceEventKind, at: number, nodeId: string, correlationId: string, text?: string): void {
    const slot = this.head;
    this.kinds[slot] = kind;
    this.times[slot] = at;
    this.nodeIds[slot] = nodeId;
    this.correlationIds[slot] = correlationId;
    this.texts[slot] = text;
    this.head = (slot + 1) % this.capacity;
    if (this.size === this.capacity) this.overwritten++;
    else this.size++;
  }

  /** Removes and returns every buffered event, oldest first. */
  drain(): TraceEvent[] {
    const events: TraceEvent[] = new Array<TraceEvent>(this.size);
    let slot = (this.head - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      events[i] = { kind: this.kinds[slot] as TraceEventKind, at: this.times[slot]!, nodeId: this.nodeIds[slot]!, correlationId: this.correlationIds[slot]!, text: this.texts[slot] };
      this.nodeIds[slot] = this.correlationIds[slot] = this.texts[slot] = undefined;
      slot = (slot + 1) % this.capacity;
    }
    this.size = 0;
    return events;
  }
}
