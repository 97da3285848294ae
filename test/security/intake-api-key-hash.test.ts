// Accident: the partners file is copied (a backup, a support bundle). Stored API keys must not be guessable by hashing candidates.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Secrets } from '../../nodes/sdk/index.js';
import { PartnerStore } from '../../runtime/store/partner-store.js';

const plainSecrets: Secrets = { encrypt: (plain) => `plain.${plain}`, decrypt: (sealed) => sealed.slice('plain.'.length) };
const MAC_KEY = Buffer.alloc(32, 9);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function storedRecords(dataDir: string): Array<{ _id: string; apiKeyHash?: string }> {
  return readFileSync(path.join(dataDir, 'partners.db'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { _id: string; apiKeyHash?: string });
}

describe('API keys at rest', () => {
  it('stores no unkeyed hash: a dictionary of SHA-256 digests finds nothing in a copied partners file', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'key-hash-'));
    const store = new PartnerStore(dataDir, plainSecrets, MAC_KEY);
    await store.create({ id: 'acme', name: 'Acme' });
    const weakKey = 'acme-2026';
    await store.rotateApiKey('acme', weakKey);
    const file = readFileSync(path.join(dataDir, 'partners.db'), 'utf8');
    const dictionary = ['password', 'acme', 'acme-2026', 'acme-2025'];
    for (const guess of dictionary) expect(file).not.toContain(sha256(guess));
    expect(file).not.toContain(weakKey);
    expect(await store.verifyApiKey('acme', weakKey)).toBe(true);
    // Without the runtime's secret the right guess is not recognisable either.
    expect(file).not.toContain(createHmac('sha256', Buffer.alloc(32, 1)).update(weakKey).digest('hex'));
  });

  it('migrates a hash written by an older version on the first successful check, without locking the partner out', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'key-hash-'));
    const key = 'tlk_from-an-older-version';
    const now = new Date().toISOString();
    writeFileSync(path.join(dataDir, 'partners.db'), `${JSON.stringify({ _id: 'acme', name: 'Acme', status: 'active', authMethod: 'api-key', apiKeyHash: sha256(key), createdAt: now })}\n`);
    const store = new PartnerStore(dataDir, plainSecrets, MAC_KEY);
    expect(await store.verifyApiKey('acme', 'tlk_wrong')).toBe(false);
    expect(await store.verifyApiKey('acme', key)).toBe(true);
    expect(await store.verifyApiKey('acme', key)).toBe(true);
    const reopened = new PartnerStore(dataDir, plainSecrets, MAC_KEY);
    expect(await reopened.verifyApiKey('acme', key)).toBe(true);
    const latest = storedRecords(dataDir).filter((record) => record._id === 'acme').at(-1)!;
    expect(latest.apiKeyHash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(readFileSync(path.join(dataDir, 'partners.db'), 'utf8').split('\n').at(-2)).not.toContain(sha256(key));
    // A store under another secret cannot verify it: the hash is bound to this runtime's TRADELANE_SECRET.
    expect(await new PartnerStore(dataDir, plainSecrets, Buffer.alloc(32, 1)).verifyApiKey('acme', key)).toBe(false);
  });
});
