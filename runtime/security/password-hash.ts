// Password hashing that never blocks the event loop: scrypt (node:crypto, libuv pool) for new hashes, legacy bcrypt checked in a worker thread.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { verifyBcryptInWorker } from './bcrypt-verifier.js';

/** N=2^15, r=8, p=1: ~32 MiB and tens of ms per hash, the OWASP recommendation for scrypt. */
const CURRENT = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export interface PasswordCheck {
  ok: boolean;
  /** The hash is bcrypt or weaker scrypt parameters: store a new hash after a successful check. */
  needsRehash: boolean;
}

function deriveKey(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt refuses more memory than maxmem; 128*N*r bytes plus headroom.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Format: scrypt$N$r$p$<salt base64url>$<key base64url>. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt, CURRENT);
  return ['scrypt', CURRENT.N, CURRENT.r, CURRENT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

async function checkScrypt(password: string, stored: string): Promise<PasswordCheck> {
  const [, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!salt || !key || ![params.N, params.r, params.p].every(Number.isInteger)) return { ok: false, needsRehash: false };
  const expected = Buffer.from(key, 'base64url');
  const actual = await deriveKey(password, Buffer.from(salt, 'base64url'), params);
  const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok && (params.N !== CURRENT.N || params.r !== CURRENT.r || params.p !== CURRENT.p) };
}

export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (stored.startsWith('scrypt$')) return checkScrypt(password, stored);
  if (/^\$2[aby]\$/.test(stored)) return { ok: await verifyBcryptInWorker(password, stored), needsRehash: true };
  return { ok: false, needsRehash: false };
}

let dummyHash: Promise<string> | undefined;

/** Same work as a real check, for unknown usernames: the answer time does not tell which names exist. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await checkScrypt(password, await dummyHash);
}
