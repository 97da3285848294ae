// The embedded queue log: writes resolve once written, group commit, replay with a torn last line, compaction, nedb-era files, write failures.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Datastore from 'nedb-promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueuedMessage } from '../../nodes/sdk/index.js';
import { fromStoredMessage, toStoredMessage } from '../../nodes/reliability/index.js';
import { QueueStore, type QueueStoreOptions } from '../../runtime/store/queue-store.js';

const opened: QueueStore[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

function dataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'queue-log-'));
}

async function openStore(dir: string, options?: QueueStoreOptions): Promise<QueueStore> {
  const store = new QueueStore(dir, options);
  opened.push(store);
  await store.ready();
  return store;
}

function entry(id: string, enqueuedAt: number, overrides: Partial<QueuedMessage> = {}): QueuedMessage {
  return {
    id, queue: 'acks', message: { correlationId: `c-${id}`, payload: { id, 'a.b': { $x: [1, null, 'ü ✓ "quoted"\n'] } } },
    attempts: 0, failures: [], notBefore: enqueuedAt, enqueuedAt, ...overrides,
  };
}

function logText(dir: string): string {
  return readFileSync(path.join(dir, 'queue.db'), 'utf8');
}

describe('QueueStore (embedded JSONL log)', () => {
  it('keeps added and updated messages across a restart, never the acknowledged ones, per queue', async () => {
    const dir = dataDir();
    const store = await openStore(dir);
    const acks = store.open('acks');
    await acks.add(entry('m-1', 1000));
    await acks.add(entry('m-2', 2000));
    await acks.add(entry('m-3', 3000));
    await store.open('asns').add(entry('s-1', 500, { queue: 'asns' }));
    const retried = entry('m-2', 2000, {
      attempts: 1, notBefore: 9000,
      failures: [{ code: 'ERP_UNAVAILABLE', message: 'down', retryable: true, nodeId: 'erp', nodeType: 'tl-erp-post', at: '2025-01-01T00:00:00.000Z' }],
    });
    await acks.update(retried);
    await acks.remove('m-1');
    // An update after the acknowledgement must not bring the message back.
    await acks.update(entry('m-1', 1000, { attempts: 5 }));
    await store.close();

    const reopened = await openStore(dir);
    expect(await reopened.open('acks').pending()).toEqual([retried, entry('m-3', 3000)]);
    expect(await reopened.open('asns').pending()).toEqual([entry('s-1', 500, { queue: 'asns' })]);
    expect(await reopened.open('nothing').pending()).toEqual([]);
  });

  it('resolves a write only once it is in the file', async () => {
    const dir = dataDir();
    const store = await openStore(dir);
    await store.open('acks').add(entry('m-1', 1000));
    expect(logText(dir)).toContain('"_id":"m-1"');
    await store.open('acks').remove('m-1');
    expect(logText(dir)).toContain('{"$$deleted":true,"_id":"m-1"}');
  });

  it('writes all appends of one tick in one write, and each promise resolves after it', async () => {
    const store = await openStore(dataDir());
    const writesBefore = store.stats().writes;
    const acks = store.open('acks');
    const adds = Array.from({ length: 200 }, (_, index) => acks.add(entry(`m-${index}`, index)));
    await Promise.all(adds);
    expect(store.stats().writes - writesBefore).toBe(1);
    expect(await acks.pending()).toHaveLength(200);
  });

  it('drops a torn last line at start and compacts the file before appending behind it', async () => {
    const dir = dataDir();
    const store = await openStore(dir);
    await store.open('acks').add(entry('m-1', 1000));
    await store.open('acks').add(entry('m-2', 2000));
    await store.open('acks').remove('m-2');
    await store.close();
    appendFileSync(path.join(dir, 'queue.db'), '{"_id":"m-3","queue":"acks","messageJson":"{\\"corr');

    const reopened = await openStore(dir);
    expect(await reopened.open('acks').pending()).toEqual([entry('m-1', 1000)]);
    expect(logText(dir).trim().split('\n')).toHaveLength(1);
    await reopened.open('acks').add(entry('m-4', 4000));
    await reopened.close();
    expect((await openStore(dir).then((again) => again.open('acks').pending())).map((queued) => queued.id)).toEqual(['m-1', 'm-4']);
  });

  it('refuses to start on an unreadable line that is not the last one, naming it', async () => {
    const dir = dataDir();
    const store = await openStore(dir);
    await store.open('acks').add(entry('m-1', 1000));
    await store.close();
    writeFileSync(path.join(dir, 'queue.db'), `garbage\n${logText(dir)}`);
    const broken = new QueueStore(dir);
    opened.push(broken);
    await expect(broken.ready()).rejects.toThrow(/queue\.db line 1 is unreadable/);
  });

  it('takes over a queue.db written by nedb: pending entries kept, deletions applied, the file rewritten in place', async () => {
    const dir = dataDir();
    const filename = path.join(dir, 'queue.db');
    const legacy = Datastore.create({ filename });
    await legacy.load();
    const record = (queued: QueuedMessage) => ({
      _id: queued.id, queue: queued.queue, messageJson: JSON.stringify(queued.message), failuresJson: JSON.stringify(queued.failures),
      attempts: queued.attempts, notBefore: queued.notBefore, enqueuedAt: queued.enqueuedAt,
    });
    await legacy.insert(record(entry('old-1', 1000)));
    await legacy.insert(record(entry('old-2', 2000)));
    await legacy.insert(record(entry('old-3', 3000)));
    const retried = entry('old-2', 2000, { attempts: 2, notBefore: 7000 });
    await legacy.update({ _id: 'old-2' }, record(retried), {});
    await legacy.remove({ _id: 'old-3' }, {});
    // A crash during an earlier compaction left its temporary file behind; it must not be read.
    writeFileSync(`${filename}.compact`, 'half-written\n');
    expect(logText(dir)).toContain('$$deleted');

    const store = await openStore(dir);
    expect(await store.open('acks').pending()).toEqual([entry('old-1', 1000), retried]);
    expect(logText(dir)).not.toContain('$$deleted');
    expect(existsSync(`${filename}.compact`)).toBe(false);
    await store.open('acks').add(entry('new-1', 4000));
    await store.close();

    // nedb still reads the file (moving a data directory to Redis reads queue.db with nedb).
    const reader = Datastore.create({ filename });
    await reader.load();
    expect((await reader.find({})).map((doc) => (doc as { _id: string })._id).sort()).toEqual(['new-1', 'old-1', 'old-2']);
  });

  it('compacts after a number of acknowledgements, keeping only what is still queued', async () => {
    const dir = dataDir();
    const store = await openStore(dir, { compactAfterAcks: 10 });
    const acks = store.open('acks');
    await acks.add(entry('keep', 1));
    for (let round = 0; round < 35; round++) {
      await acks.add(entry(`m-${round}`, 10 + round));
      await acks.remove(`m-${round}`);
    }
    expect(store.stats().compactions).toBeGreaterThanOrEqual(3);
    const lines = logText(dir).trim().split('\n');
    expect(lines.length).toBeLessThan(25);
    await store.close();
    expect((await (await openStore(dir)).open('acks').pending()).map((queued) => queued.id)).toEqual(['keep']);
  });

  it('compacts when the file grows past its size limit', async () => {
    const dir = dataDir();
    const store = await openStore(dir, { compactAboveBytes: 20_000 });
    const acks = store.open('acks');
    for (let round = 0; round < 100; round++) {
      await acks.add(entry(`m-${round}`, round));
      await acks.remove(`m-${round}`);
    }
    expect(store.stats().compactions).toBeGreaterThanOrEqual(1);
    expect(store.stats().fileBytes).toBeLessThan(20_000);
    expect(Buffer.byteLength(logText(dir))).toBe(store.stats().fileBytes);
  });

  it('keeps appends that arrive during a compaction, in order', async () => {
    const dir = dataDir();
    const store = await openStore(dir, { compactAfterAcks: 1 });
    const acks = store.open('acks');
    const writes: Promise<void>[] = [];
    const kept: string[] = [];
    for (let round = 0; round < 100; round++) {
      writes.push(acks.add(entry(`m-${round}`, round)));
      // Every fourth message stays queued; the others are acknowledged right after the next one arrived.
      if (round > 0 && (round - 1) % 4 !== 0) writes.push(acks.remove(`m-${round - 1}`));
      if (round % 4 === 0 || round === 99) kept.push(`m-${round}`);
      if (round % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);
    // Compaction starts after the batch that crossed the threshold was written, so it may finish a moment later.
    await vi.waitFor(() => expect(store.stats().compactions).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(await acks.pending()).toHaveLength(kept.length);
    await store.close();
    const expected = kept;
    expect((await (await openStore(dir)).open('acks').pending()).map((queued) => queued.id)).toEqual(expected);
  });

  it('fails the writes of a batch that could not be written, then recovers without a partial line', async () => {
    const dir = dataDir();
    const store = await openStore(dir);
    const acks = store.open('acks');
    await acks.add(entry('before', 1));
    const probe = await open(path.join(dir, 'probe'), 'w');
    const fileHandlePrototype = Object.getPrototypeOf(probe) as { write: typeof probe.write };
    await probe.close();
    vi.spyOn(fileHandlePrototype, 'write').mockRejectedValueOnce(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));

    await expect(acks.add(entry('lost', 2))).rejects.toThrow(/no space left/);
    await acks.add(entry('after', 3));
    expect((await acks.pending()).map((queued) => queued.id)).toEqual(['before', 'after']);
    await store.close();
    expect((await (await openStore(dir)).open('acks').pending()).map((queued) => queued.id)).toEqual(['before', 'after']);
  });

  it('writes the JSON text toStoredMessage produced, and delivery gets a fresh copy of it', async () => {
    const dir = dataDir();
    const store = await openStore(dir);
    const message = toStoredMessage({ correlationId: 'c-1', payload: { po: 'PO-1', lines: [1, 2] }, partnerId: 'acme', res: { send: () => undefined } as never });
    expect(Object.keys(message).sort()).toEqual(['correlationId', 'partnerId', 'payload']);
    // Stored messages are never modified; if one were, the log would still hold the text it was stored as.
    (message.payload as Record<string, unknown>).po = 'changed in memory';
    await store.open('acks').add({ id: 'm-1', queue: 'acks', message, attempts: 0, failures: [], notBefore: 1, enqueuedAt: 1 });
    await store.close();

    const [queued] = await (await openStore(dir)).open('acks').pending();
    expect(queued!.message).toEqual({ correlationId: 'c-1', partnerId: 'acme', payload: { po: 'PO-1', lines: [1, 2] } });
    const delivered = fromStoredMessage(queued!.message, 'c-1');
    expect(delivered).toEqual({ correlationId: 'c-1', partnerId: 'acme', payload: { po: 'PO-1', lines: [1, 2] } });
    (delivered.payload as { lines: number[] }).lines.push(3);
    expect(queued!.message.payload).toEqual({ po: 'PO-1', lines: [1, 2] });
  });
});
