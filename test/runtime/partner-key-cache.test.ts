// PartnerStore.verifyApiKey answers from memory, and every write (rotate, suspend, update, remove, create) takes effect at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Secrets } from '../../nodes/sdk/index.js';
import { PartnerStore } from '../../runtime/store/partner-store.js';

/** Sealing is not what these tests are about. */
const plainSecrets: Secrets = { encrypt: (plain) => `plain.${plain}`, decrypt: (sealed) => sealed.slice('plain.'.length) };

function openStore(): PartnerStore {
  return new PartnerStore(mkdtempSync(path.join(tmpdir(), 'partner-cache-')), plainSecrets, Buffer.alloc(32, 7));
}

/** Counts the store's own queries; the collection is private, so reach it by name. */
function countQueries(store: PartnerStore) {
  return vi.spyOn(store['partners'], 'findOne');
}

describe('PartnerStore API key checks', () => {
  it('queries the store once per partner, not once per request', async () => {
    const store = openStore();
    await store.create({ id: 'acme', name: 'Acme' });
    const key = await store.rotateApiKey('acme');
    const queries = countQueries(store);
    for (let request = 0; request < 20; request++) expect(await store.verifyApiKey('acme', key)).toBe(true);
    expect(await store.verifyApiKey('acme', 'tlk_wrong')).toBe(false);
    expect(queries).toHaveBeenCalledTimes(1);
  });

  it('refuses the old key as soon as the rotation resolved, and accepts the new one', async () => {
    const store = openStore();
    await store.create({ id: 'acme', name: 'Acme' });
    const oldKey = await store.rotateApiKey('acme');
    expect(await store.verifyApiKey('acme', oldKey)).toBe(true);

    const { kind, value: newKey } = await store.rotate('acme', 'auth');
    expect(kind).toBe('api-key');
    expect(await store.verifyApiKey('acme', oldKey)).toBe(false);
    expect(await store.verifyApiKey('acme', newKey)).toBe(true);
  });

  it('refuses a suspended partner at once and accepts it again when reactivated', async () => {
    const store = openStore();
    await store.create({ id: 'acme', name: 'Acme' });
    const key = await store.rotateApiKey('acme');
    expect(await store.verifyApiKey('acme', key)).toBe(true);

    await store.update('acme', { name: 'Acme', status: 'suspended' });
    expect(await store.verifyApiKey('acme', key)).toBe(false);
    await store.update('acme', { name: 'Acme', status: 'active' });
    expect(await store.verifyApiKey('acme', key)).toBe(true);
  });

  it('refuses a removed partner, and a partner created again under the same id until it has a key', async () => {
    const store = openStore();
    await store.create({ id: 'acme', name: 'Acme' });
    const key = await store.rotateApiKey('acme');
    expect(await store.verifyApiKey('acme', key)).toBe(true);

    expect(await store.remove('acme')).toBe(true);
    expect(await store.verifyApiKey('acme', key)).toBe(false);
    await store.create({ id: 'acme', name: 'Acme again' });
    expect(await store.verifyApiKey('acme', key)).toBe(false);
    const fresh = await store.rotateApiKey('acme');
    expect(await store.verifyApiKey('acme', fresh)).toBe(true);
    expect(await store.verifyApiKey('acme', key)).toBe(false);
  });

  it('does not keep the old key when a check read the partner before a rotation finished', async () => {
    const store = openStore();
    await store.create({ id: 'acme', name: 'Acme' });
    const oldKey = await store.rotateApiKey('acme');
    // The check reads the old record, then stalls until the rotation has been written.
    const collection = store['partners'];
    const read = collection.findOne.bind(collection);
    let readDone!: () => void;
    const hasRead = new Promise<void>((resolve) => { readDone = resolve; });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    vi.spyOn(collection, 'findOne').mockImplementationOnce(((query: object) => (async () => {
      const record: unknown = await read(query);
      readDone();
      await gate;
      return record;
    })()) as unknown as typeof collection.findOne);

    const running = store.verifyApiKey('acme', oldKey);
    await hasRead;
    const newKey = await store.rotateApiKey('acme');
    release();
    expect(await running).toBe(true); // it answered from what it had read
    expect(await store.verifyApiKey('acme', oldKey)).toBe(false);
    expect(await store.verifyApiKey('acme', newKey)).toBe(true);
  });

  it('registers a partner with a working key and knows nothing about unknown partners', async () => {
    const store = openStore();
    const { credentials } = await store.register({ id: 'globex', name: 'Globex' });
    expect(await store.verifyApiKey('globex', credentials.apiKey!)).toBe(true);
    expect(await store.verifyApiKey('nobody', credentials.apiKey!)).toBe(false);
  });
});
