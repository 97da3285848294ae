// A JSONL append log on one long-lived file handle: group commit (one write per batch), replay that drops a torn last line, compaction by atomic rewrite.
import { createReadStream } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** What replay found; `tornTail` is the unterminated last line that did not parse (it was never acknowledged). */
export interface ReplayResult {
  lines: number;
  tornTail: boolean;
}

export class UnreadableLogLineError extends Error {
  constructor(filename: string, lineNumber: number, reason: string) {
    super(`${filename} line ${lineNumber} is unreadable (${reason}); it is not the last line, so it is not a torn write. Move the file aside or remove that line, then start again`);
    this.name = 'UnreadableLogLineError';
  }
}

/**
 * Streams the file's lines to `apply`, parsed and as text. An unterminated last line that does not parse is a write a
 * crash cut short, so it is dropped; any other unreadable line throws, because skipping it would lose data silently.
 */
export async function replayLog(filename: string, apply: (record: unknown, text: string, lineNumber: number) => void): Promise<ReplayResult> {
  let lineNumber = 0;
  let carry: Buffer[] = [];
  const parseLine = (text: string) => {
    lineNumber++;
    if (!text.trim()) return;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new UnreadableLogLineError(filename, lineNumber, error instanceof Error ? error.message : String(error));
    }
    apply(record, text, lineNumber);
  };
  try {
    // Split on the newline byte: it never occurs inside a multi-byte UTF-8 character, so each line decodes on its own.
    for await (const chunk of createReadStream(filename, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, end);
        parseLine(carry.length ? Buffer.concat([...carry, piece]).toString('utf8') : piece.toString('utf8'));
        carry = [];
        start = end + 1;
      }
      if (start < chunk.length) carry.push(chunk.subarray(start));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: 0, tornTail: false };
    throw error;
  }
  if (!carry.length) return { lines: lineNumber, tornTail: false };
  try {
    parseLine(Buffer.concat(carry).toString('utf8'));
    return { lines: lineNumber, tornTail: false };
  } catch (error) {
    if (error instanceof UnreadableLogLineError) return { lines: lineNumber - 1, tornTail: true };
    throw error;
  }
}

interface PendingAppend {
  line: string;
  /** Runs synchronously before the rejection, so the caller's state is rolled back before the next snapshot. */
  undo: (() => void) | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

function fail(waiting: PendingAppend[], error: unknown): void {
  for (let index = waiting.length - 1; index >= 0; index--) waiting[index]!.undo?.();
  for (const pending of waiting) pending.reject(error);
}

export interface AppendLogOptions {
  /**
   * The live state as complete lines (each ending in "\n"), read synchronously when a compaction starts. It must
   * already reflect every append made so far, including those not yet written: the rewrite replaces them.
   */
  snapshot(): string[];
  /** Asked after every written batch with the file's size; true requests a compaction before the next batch. */
  shouldCompact?(fileBytes: number): boolean;
}

/** Counters for tests and diagnostics. */
export interface AppendLogStats {
  appends: number;
  writes: number;
  compactions: number;
  fileBytes: number;
}

/** The log holds partner documents: only the runtime's user may read it. */
const FILE_MODE = 0o600;

/** Lines per write while rewriting, so a large live set never becomes one huge string. */
const REWRITE_CHUNK_CHARS = 1 << 20;

/**
 * One writer for one file. append() queues a line; everything queued while the previous write was running (or within
 * the current turn of the event loop) goes out in one write(), and each append resolves once the write containing it
 * has completed: the data is then in the operating system, not fsynced (the same promise nedb's appendFile made).
 *
 * Compaction writes the snapshot to FILE.compact, fsyncs it, renames it over FILE and fsyncs the directory. A crash
 * before the rename leaves the old file untouched; after it, the new one is complete. After a failed write the file
 * may end in a partial line, so the next batch rewrites the whole file instead of appending behind it.
 */
export class AppendLog {
  private handle: FileHandle | undefined;
  private queued: PendingAppend[] = [];
  private writing = false;
  private scheduled = false;
  private compactRequested = false;
  /** A write failed part-way: never append behind it, rewrite first. */
  private broken = false;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private readonly stats: AppendLogStats = { appends: 0, writes: 0, compactions: 0, fileBytes: 0 };

  constructor(readonly filename: string, private readonly options: AppendLogOptions) {}

  /** Removes a leftover FILE.compact, rewrites the file from the snapshot when `rewrite` is set, and opens it for appending. */
  async start(rewrite: boolean): Promise<void> {
    await unlink(this.compactFilename).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    if (rewrite) await this.rewrite(this.options.snapshot());
    else await this.reopen();
  }

  counters(): AppendLogStats {
    return { ...this.stats };
  }

  /** Queues one complete line (ending in "\n"); `undo` reverts the caller's in-memory change if the write fails. */
  append(line: string, undo?: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.filename} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ line, undo, resolve, reject });
      this.stats.appends++;
      this.schedule();
    });
  }

  /** Compacts before the next batch (or right away when nothing is queued). */
  requestCompaction(): void {
    this.compactRequested = true;
    this.schedule();
  }

  /** Writes what is queued, then closes the file; later appends reject. */
  async close(): Promise<void> {
    this.schedule();
    await this.idle;
    this.closed = true;
    await this.handle?.close();
    this.handle = undefined;
  }

  private get compactFilename(): string {
    return `${this.filename}.compact`;
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    if (!this.queued.length && !this.compactRequested) return;
    this.scheduled = true;
    this.idle = new Promise((resolve) => { this.markIdle = resolve; });
    // setImmediate runs after the poll phase: every request read in this turn of the event loop joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queued.length || this.compactRequested) {
        const batch = this.queued;
        this.queued = [];
        if (this.compactRequested || this.broken) {
          this.compactRequested = false;
          // The snapshot already contains this batch's effects, so its lines are not written separately.
          const snapshot = this.options.snapshot();
          let rewritten = true;
          try {
            await this.rewrite(snapshot);
          } catch (error) {
            rewritten = false;
            if (this.broken) {
              // Nothing can be appended safely: fail what waits now, and rewrite again with the next append.
              const waiting = [...batch, ...this.queued];
              this.queued = [];
              fail(waiting, error);
              break;
            }
            // The failure came before the rename, so the old file is intact: append the batch to it as usual.
          }
          if (rewritten) {
            for (const pending of batch) pending.resolve();
            continue;
          }
        }
        try {
          await this.writeBatch(batch);
        } catch (error) {
          this.broken = true;
          fail(batch, error);
          continue;
        }
        for (const pending of batch) pending.resolve();
        if (this.options.shouldCompact?.(this.stats.fileBytes)) this.compactRequested = true;
      }
    } finally {
      this.writing = false;
      this.markIdle();
    }
  }

  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    if (!this.handle) throw new Error(`${this.filename} is not open`);
    let text = '';
    for (const pending of batch) text += pending.line;
    await writeFully(this.handle, Buffer.from(text, 'utf8'));
    this.stats.writes++;
    this.stats.fileBytes += Buffer.byteLength(text, 'utf8');
  }

  /** Throws with `broken` set when the failure came after the rename: the open handle then points at the replaced file. */
  private async rewrite(lines: string[]): Promise<void> {
    const temporary = await open(this.compactFilename, 'w', FILE_MODE);
    let written = false;
    try {
      let chunk = '';
      for (const line of lines) {
        chunk += line;
        if (chunk.length >= REWRITE_CHUNK_CHARS) {
          await writeFully(temporary, Buffer.from(chunk, 'utf8'));
          chunk = '';
        }
      }
      if (chunk) await writeFully(temporary, Buffer.from(chunk, 'utf8'));
      await temporary.sync();
      written = true;
    } finally {
      await temporary.close();
      // A half-written copy (disk full) would hold on to the very space the next attempt needs.
      if (!written) await unlink(this.compactFilename).catch(() => undefined);
    }
    await rename(this.compactFilename, this.filename);
    try {
      await syncDirectory(path.dirname(this.filename));
      await this.reopen();
    } catch (error) {
      this.broken = true;
      throw error;
    }
    this.broken = false;
    this.stats.compactions++;
  }

  private async reopen(): Promise<void> {
    const previous = this.handle;
    this.handle = await open(this.filename, 'a', FILE_MODE);
    this.stats.fileBytes = (await this.handle.stat()).size;
    await previous?.close();
  }
}

async function writeFully(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, null);
    offset += bytesWritten;
  }
}

/** Makes a rename durable; not every platform can open a directory, and there the rename is as durable as it gets. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // e.g. Windows: directories cannot be opened for fsync
  } finally {
    await handle?.close();
  }
}
