// Accident: one corrupt line in a store (a bad restore, a disk error, a hand edit) must stop the start with where and what to do, never delete records silently.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCollection, openDatastoreFile } from '../../runtime/store/collection.js';
import { CorruptStoreError } from '../../runtime/store/store-integrity.js';
import { DemoErpLedger } from '../../nodes/erp/demo-erp/ledger.js';
import { startRuntime, tempDataDir } from '../support/runtime-process.js';

type Thing = { _id: string; n: number };

function storeWith(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'store-corruption-'));
  writeFileSync(path.join(dir, 'things.db'), text);
  return dir;
}

const twentyRecords = Array.from({ length: 20 }, (_, n) => JSON.stringify({ _id: `t${n}`, n }));

describe('a store opened through openCollection', () => {
  it('refuses a corrupt line in the middle (5% of the file, below nedb\'s silent 10%) with the file, the line and the remedy, and leaves the file as it was', () => {
    const lines = [...twentyRecords];
    lines[2] = '{"_id":"t2","n":';
    const text = `${lines.join('\n')}\n`;
    const dir = storeWith(text);
    expect(() => openCollection<Thing>(dir, 'things')).toThrow(CorruptStoreError);
    expect(() => openCollection<Thing>(dir, 'things')).toThrow(/things\.db line 3 .*TRADELANE_STORE_QUARANTINE=1/s);
    expect(readFileSync(path.join(dir, 'things.db'), 'utf8')).toBe(text);
  });

  it('refuses a line that is JSON but not a record (nedb skips it without a word)', () => {
    const dir = storeWith(`${twentyRecords[0]}\n{"n":5}\n${twentyRecords[1]}\n`);
    expect(() => openCollection<Thing>(dir, 'things')).toThrow(/things\.db line 2 .*no "_id"/);
  });

  it('drops only a torn last line (an append a crash cut short) and keeps appending on a fresh line', async () => {
    const dir = storeWith(`${twentyRecords[0]}\n${twentyRecords[1]}\n{"_id":"t2","n`);
    const things = openCollection<Thing>(dir, 'things');
    expect((await things.find({})).map((thing) => thing._id).sort()).toEqual(['t0', 't1']);
    await things.insert({ _id: 'after', n: 99 });
    const reopened = openCollection<Thing>(dir, 'things');
    expect((await reopened.find({})).map((thing) => thing._id).sort()).toEqual(['after', 't0', 't1']);
  });

  it('keeps a complete last line that only lacks its newline (nedb writes "record\\n"; the cut fell on the newline)', async () => {
    const dir = storeWith(`${twentyRecords[0]}\n${twentyRecords[1]}`);
    const things = openCollection<Thing>(dir, 'things');
    expect((await things.find({})).map((thing) => thing._id).sort()).toEqual(['t0', 't1']);
  });

  it('checks the demo ERP ledger the same way when the runtime opens it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ledger-corruption-'));
    const ledger = await DemoErpLedger.open(dir, (file) => openDatastoreFile(file));
    await ledger.close();
    const orders = path.join(dir, 'demo-erp', 'purchase-orders.db');
    writeFileSync(orders, `not json\n${readFileSync(orders, 'utf8')}`);
    await expect(DemoErpLedger.open(dir, (file) => openDatastoreFile(file))).rejects.toThrow(/purchase-orders\.db line 1/);
  });
});

describe('the runtime with a corrupt store', () => {
  it('refuses to start, naming the file and line; with TRADELANE_STORE_QUARANTINE=1 it moves the line aside, says so and counts it', async () => {
    const dataDir = tempDataDir('store-corruption-runtime-');
    const first = await startRuntime({ dataDir });
    await first.stop();
    const partners = path.join(dataDir, 'partners.db');
    const before = readFileSync(partners, 'utf8');
    expect(before).toContain('demo-supplier');
    writeFileSync(partners, `{"_id":"broken-partner","name":\n${before}`);

    await expect(startRuntime({ dataDir, timeoutMs: 20_000 })).rejects.toThrow(/partners\.db line 1 is not a readable record/);
    expect(readFileSync(partners, 'utf8')).toContain('demo-supplier');

    const quarantined = await startRuntime({ dataDir, env: { TRADELANE_STORE_QUARANTINE: '1' } });
    try {
      const token = await quarantined.login();
      expect((await quarantined.api('GET', '/api/partners/demo-supplier', undefined, token)).status).toBe(200);
      expect(readFileSync(`${partners}.quarantine`, 'utf8')).toContain('broken-partner');
      expect(quarantined.output()).toMatch(/moved 1 unreadable line\(s\) of partners\.db/);
      expect(await (await fetch(`${quarantined.url}/metrics`)).text()).toMatch(/^tradelane_store_quarantined_lines 1$/m);
    } finally {
      await quarantined.stop();
    }
  }, 90_000);

  it('starts after a torn last line in users.db, with a warning, and the admin still logs in', async () => {
    const dataDir = tempDataDir('store-torn-runtime-');
    const first = await startRuntime({ dataDir });
    await first.stop();
    appendFileSync(path.join(dataDir, 'users.db'), '{"_id":"half-written","role":"ana');
    const again = await startRuntime({ dataDir });
    try {
      await again.login();
      expect(again.output()).toMatch(/torn line/);
      expect(existsSync(path.join(dataDir, 'users.db.quarantine'))).toBe(false);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
