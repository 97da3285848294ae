// Loads TRADELANE_SECRET or generates one into the data directory (0600), and derives purpose-specific keys from it.
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { hkdfSync, randomBytes } from 'node:crypto';
import path from 'node:path';

export interface SecretMaterial {
  /** Where the secret came from, for the start-up banner. */
  source: 'environment' | 'generated' | 'data-directory';
  /** Derives a 32-byte key for one purpose ("credentials", "auth-tokens", ...). */
  derive(purpose: string): Buffer;
}

export function loadSecret(dataDir: string, fromEnvironment: string | undefined): SecretMaterial {
  const file = path.join(dataDir, 'secret.key');
  let secret: string;
  let source: SecretMaterial['source'];
  if (fromEnvironment) {
    secret = fromEnvironment;
    source = 'environment';
  } else if (existsSync(file)) {
    secret = readFileSync(file, 'utf8').trim();
    source = 'data-directory';
  } else {
    secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    source = 'generated';
  }
  return {
    source,
    derive: (purpose) => Buffer.from(hkdfSync('sha256', secret, 'tradelane', purpose, 32)),
  };
}
