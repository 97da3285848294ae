// Checks legacy bcrypt hashes in one lazily started worker thread, so bcryptjs's synchronous work stays off the event loop.
import { Worker } from 'node:worker_threads';

interface Pending {
  resolve(ok: boolean): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
  worker = undefined;
}

function startWorker(): Worker {
  const started = new Worker(new URL('./bcrypt-worker.js', import.meta.url));
  started.on('message', (answer: { id: number; ok: boolean }) => {
    pending.get(answer.id)?.resolve(answer.ok);
    pending.delete(answer.id);
    if (pending.size === 0) started.unref();
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', (code) => failAll(new Error(`bcrypt worker exited with code ${code}`)));
  return started;
}

export function verifyBcryptInWorker(password: string, hash: string): Promise<boolean> {
  worker ??= startWorker();
  const id = nextId++;
  const running = worker;
  running.ref();
  return new Promise<boolean>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    running.postMessage({ id, password, hash });
  });
}
