// Runs SQLite's WAL checkpoints in a worker thread: an automatic checkpoint fsyncs inside the commit that triggers it, stalling the event loop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** SQLite's own default, restored on the main connection if the worker stops: the WAL must never grow without bound. */
const AUTOCHECKPOINT_PAGES = 1000;
const INTERVAL_MS = 200;

// An eval worker, so it runs the same from dist/ and from the TypeScript sources under vitest. PASSIVE never blocks
// the writer or readers; it copies what it can and leaves the rest for the next round.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export interface WalCheckpointer {
  /** Stops the worker after one last checkpoint; the main connection's close checkpoints the rest. */
  stop(): Promise<void>;
}

/** Moves the checkpoints of a WAL-mode database off the main thread; falls back to SQLite's automatic ones if the worker fails. */
export function startWalCheckpointer(database: Database.Database, file: string, onError: (message: string) => void): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs: INTERVAL_MS } });
  worker.unref();
  let stopped = false;
  const fallBack = () => { if (database.open) database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`); };
  database.pragma('wal_autocheckpoint = 0');
  worker.on('message', (message: { error?: string }) => { if (message.error) onError(message.error); });
  worker.on('error', (error) => { onError(error.message); fallBack(); });
  worker.on('exit', () => { if (!stopped) fallBack(); });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      if (stopped) return exited;
      stopped = true;
      // Referenced again, so a caller awaiting close keeps the process alive until the last checkpoint is done.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
