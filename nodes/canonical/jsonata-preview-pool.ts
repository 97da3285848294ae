// A small pool of worker threads for JSONata previews: each sample has a hard deadline, after which its worker is terminated.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Clock, XrefTables } from '../sdk/index.js';
import type { JsonataSampleResult } from './jsonata-preview.js';
import type { PreviewReply, PreviewRequest } from './jsonata-preview-protocol.js';

export interface PreviewPoolOptions {
  xref?: XrefTables;
  clock?: Clock;
  /** Worker threads; previews beyond them wait in line. */
  size?: number;
  /** Hard limit per sample: the worker is terminated when it is exceeded. */
  sampleTimeoutMs?: number;
  /** Limit per request: samples not started by then are answered without evaluation. */
  requestTimeoutMs?: number;
  /** Requests allowed to wait for a worker; more are refused with PreviewBusyError. */
  maxWaiting?: number;
  /** Heap limit of each worker, so an expression that builds a huge value kills its worker, not the server. */
  workerHeapMb?: number;
  workerPath?: string;
}

export class PreviewBusyError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} previews are already waiting for an evaluator`);
    this.name = 'PreviewBusyError';
  }
}

/**
 * The compiled worker next to this module; when this module runs from source (tests), the build's copy
 * (the test setup rebuilds dist/ whenever a source is newer).
 */
function defaultWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'jsonata-preview-worker.js');
  if (existsSync(sibling)) return sibling;
  return path.resolve(path.dirname(here), '..', '..', 'dist', 'nodes', 'canonical', 'jsonata-preview-worker.js');
}

function stopped(message: string, code: string): JsonataSampleResult {
  return { ok: false, error: { message, code } };
}

/** One worker thread, started on demand and replaced after it was terminated or died. */
class PreviewSlot {
  private worker: Worker | undefined;
  private nextId = 0;

  constructor(private readonly options: Required<Pick<PreviewPoolOptions, 'sampleTimeoutMs' | 'workerHeapMb' | 'workerPath'>> & PreviewPoolOptions) {}

  evaluate(expression: string, sample: unknown, partnerId: string | undefined, nowMs: number): Promise<JsonataSampleResult> {
    const worker = this.worker ??= this.spawn();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const finish = (result: JsonataSampleResult) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (reply: PreviewReply) => {
        if (reply.type === 'xref') void this.answerLookup(worker, reply);
        else if (reply.id === id) finish(reply.result);
      };
      const onExit = () => {
        this.worker = undefined;
        finish(stopped('the evaluation ran out of memory or crashed; the preview stopped it', 'PREVIEW_ABORTED'));
      };
      const timer = setTimeout(() => {
        this.discard(worker);
        finish(stopped(`evaluation stopped after ${this.options.sampleTimeoutMs} ms`, 'PREVIEW_TIMEOUT'));
      }, this.options.sampleTimeoutMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage({ type: 'evaluate', id, expression, sample, nowMs, hasXref: Boolean(this.options.xref), ...(partnerId ? { partnerId } : {}) } satisfies PreviewRequest);
    });
  }

  close(): void {
    if (this.worker) this.discard(this.worker);
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.workerPath, { resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb } });
    // An idle worker must not keep the process alive at shutdown.
    worker.unref();
    worker.on('error', () => { /* reported to the waiting sample through 'exit' */ });
    // A worker that dies while idle (out of memory after its answer) is replaced on the next preview.
    worker.on('exit', () => { if (this.worker === worker) this.worker = undefined; });
    return worker;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    worker.removeAllListeners('exit');
    void worker.terminate();
  }

  private async answerLookup(worker: Worker, lookup: Extract<PreviewReply, { type: 'xref' }>): Promise<void> {
    let reply: PreviewRequest;
    try {
      const row = await this.options.xref!.lookup(lookup.table, lookup.key);
      reply = { type: 'xref-result', id: lookup.id, ...(row ? { row } : {}) };
    } catch (error) {
      reply = { type: 'xref-result', id: lookup.id, error: error instanceof Error ? error.message : String(error) };
    }
    if (this.worker === worker) worker.postMessage(reply);
  }
}

/** Runs previews off the server's thread: a fixed number of workers, a line of waiting requests, hard deadlines. */
export class JsonataPreviewPool {
  private readonly idle: PreviewSlot[];
  private readonly slots: PreviewSlot[];
  private readonly waiting: Array<(slot: PreviewSlot) => void> = [];
  private readonly sampleTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxWaiting: number;

  constructor(private readonly options: PreviewPoolOptions = {}) {
    this.sampleTimeoutMs = options.sampleTimeoutMs ?? 1000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5 * this.sampleTimeoutMs;
    this.maxWaiting = options.maxWaiting ?? 16;
    const slotOptions = { ...options, sampleTimeoutMs: this.sampleTimeoutMs, workerHeapMb: options.workerHeapMb ?? 512, workerPath: options.workerPath ?? defaultWorkerPath() };
    this.slots = Array.from({ length: options.size ?? 2 }, () => new PreviewSlot(slotOptions));
    this.idle = [...this.slots];
  }

  /** One result per sample, in order ($partner: a sample's own partnerId, else partnerId); throws PreviewBusyError when too many previews wait already. */
  async evaluate(expression: string, samples: unknown[], partnerId?: string): Promise<JsonataSampleResult[]> {
    const slot = await this.acquire();
    try {
      const nowMs = (this.options.clock ?? Date).now();
      const deadline = Date.now() + this.requestTimeoutMs;
      const results: JsonataSampleResult[] = [];
      for (const sample of samples) {
        if (Date.now() >= deadline) {
          results.push(stopped(`not evaluated: the preview request stopped after ${this.requestTimeoutMs} ms`, 'PREVIEW_TIMEOUT'));
          continue;
        }
        results.push(await slot.evaluate(expression, sample, partnerId, nowMs));
      }
      return results;
    } finally {
      this.release(slot);
    }
  }

  close(): void {
    for (const slot of this.slots) slot.close();
  }

  private acquire(): Promise<PreviewSlot> {
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new PreviewBusyError(this.waiting.length));
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: PreviewSlot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }
}
