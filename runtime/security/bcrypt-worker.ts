// Worker thread body: compares a password with a legacy bcrypt hash (bcryptjs is synchronous JavaScript).
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

parentPort?.on('message', (request: { id: number; password: string; hash: string }) => {
  let ok: boolean;
  try {
    ok = bcrypt.compareSync(request.password, request.hash);
  } catch {
    ok = false; // a malformed hash never matches
  }
  parentPort?.postMessage({ id: request.id, ok });
});
