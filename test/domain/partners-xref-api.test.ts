// Partners and xref tables over HTTP on the real runtime: roles, secrets shown once and never stored in plaintext, CSV import/export.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, type CreatedPartner } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

async function putCsv(runtime: RuntimeProcess, token: string, name: string, csv: string, query = '', contentType = 'text/csv') {
  const response = await fetch(`${runtime.url}/api/xref/${name}/csv${query}`, { method: 'PUT', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body: csv });
  return { status: response.status, body: (await response.json()) as { error: string; details: Array<Record<string, unknown>>; version?: number; rowCount?: number } };
}

describe('partners and xref API', () => {
  let runtime: RuntimeProcess;
  let admin: string;
  let operator: string;
  let analyst: string;
  const issuedSecrets: string[] = [];

  beforeAll(async () => {
    runtime = await startRuntime();
    admin = await runtime.login();
    for (const [username, role] of [['otto', 'operator'], ['anna', 'analyst']] as const) {
      expect((await runtime.api('POST', '/api/users', { username, password: `${username}-password`, role }, admin)).status).toBe(201);
    }
    operator = await runtime.login('otto', 'otto-password');
    analyst = await runtime.login('anna', 'anna-password');
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  describe('partners', () => {
    let acme: CreatedPartner;

    it('creates a partner with identifiers and SLA, returning its API key and webhook secret once', async () => {
      acme = await createPartner(runtime, analyst, {
        id: 'acme', name: 'Acme Fasteners', identifiers: { isaQualifier: 'ZZ', isaId: 'ACMEFAST', gsId: 'ACMEGS', gln: '4012345000009' },
        sla: { ackWithinHours: 24 }, tolerance: { quantityPct: 5, pricePct: 2, dateDays: 3 }, webhookUrl: 'https://acme.example.com/hooks',
      });
      expect(acme.credentials.apiKey).toMatch(/^tlk_/);
      expect(acme.credentials.webhookSecret).toMatch(/^tlw_/);
      expect(acme.credentials.hmacSecret).toBeUndefined();
      expect(acme.partner).toMatchObject({ id: 'acme', authMethod: 'api-key', status: 'active', hasApiKey: true, hasWebhookSecret: true, identifiers: { gln: '4012345000009' } });
      issuedSecrets.push(acme.credentials.apiKey!, acme.credentials.webhookSecret!);

      const read = await runtime.api<Record<string, unknown>>('GET', '/api/partners/acme', undefined, operator);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(acme.credentials.apiKey);
      expect(JSON.stringify(read.body)).not.toContain(acme.credentials.webhookSecret);
      expect(read.body).not.toHaveProperty('apiKeyHash');
    });

    it('creates an HMAC partner whose secret is returned once and never listed', async () => {
      const hmac = await createPartner(runtime, admin, { id: 'globex', name: 'Globex', authMethod: 'hmac' });
      expect(hmac.credentials.hmacSecret).toMatch(/^tlh_/);
      expect(hmac.credentials.apiKey).toBeUndefined();
      issuedSecrets.push(hmac.credentials.hmacSecret!, hmac.credentials.webhookSecret!);
      const list = await runtime.api<{ partners: Array<{ id: string; hasHmacSecret: boolean }> }>('GET', '/api/partners', undefined, operator);
      expect(list.body.partners).toContainEqual(expect.objectContaining({ id: 'globex', hasHmacSecret: true }));
      expect(JSON.stringify(list.body)).not.toContain(hmac.credentials.hmacSecret);
    });

    it('rotates a key: the new key is returned once and the old one stops working', async () => {
      const rotated = await runtime.api<{ credential: string; apiKey: string }>('POST', '/api/partners/acme/rotate-key', {}, admin);
      expect(rotated.status).toBe(200);
      expect(rotated.body.credential).toBe('api-key');
      expect(rotated.body.apiKey).not.toBe(acme.credentials.apiKey);
      issuedSecrets.push(rotated.body.apiKey);
      const webhook = await runtime.api<{ credential: string; webhookSecret: string }>('POST', '/api/partners/globex/rotate-key', { credential: 'webhook' }, analyst);
      expect(webhook.body.credential).toBe('webhook-secret');
      issuedSecrets.push(webhook.body.webhookSecret);
      const hmac = await runtime.api<{ credential: string; hmacSecret: string }>('POST', '/api/partners/globex/rotate-key', {}, analyst);
      expect(hmac.body.credential).toBe('hmac-secret');
      issuedSecrets.push(hmac.body.hmacSecret);
    });

    it('lets operators read but not write, and reports bad input with paths', async () => {
      expect((await runtime.api('POST', '/api/partners', { id: 'nope', name: 'Nope' }, operator)).status).toBe(403);
      expect((await runtime.api('POST', '/api/partners/acme/rotate-key', {}, operator)).status).toBe(403);
      const invalid = await runtime.api<{ details: Array<{ path: string }> }>('POST', '/api/partners', { id: 'Bad Id', name: 'x', identifiers: { gln: '12' }, authMethod: 'password' }, admin);
      expect(invalid.status).toBe(400);
      expect(invalid.body.details.map((detail) => detail.path)).toEqual(expect.arrayContaining(['$.id', '$.identifiers.gln', '$.authMethod']));
      expect((await runtime.api('POST', '/api/partners', { id: 'acme', name: 'again' }, admin)).status).toBe(409);
      expect((await runtime.api('POST', '/api/partners/ghost/rotate-key', {}, admin)).status).toBe(404);
    });

    it('updates settings, issuing a credential only when switching to a method without one', async () => {
      const updated = await runtime.api<CreatedPartner>('PUT', '/api/partners/acme', { name: 'Acme Fasteners Ltd', authMethod: 'hmac', status: 'suspended', identifiers: { isaQualifier: 'ZZ', isaId: 'ACMEFAST' } }, analyst);
      expect(updated.status).toBe(200);
      expect(updated.body.partner).toMatchObject({ name: 'Acme Fasteners Ltd', authMethod: 'hmac', status: 'suspended', identifiers: { isaId: 'ACMEFAST' } });
      expect(updated.body.partner).not.toHaveProperty('webhookUrl');
      expect(updated.body.credentials.hmacSecret).toMatch(/^tlh_/);
      issuedSecrets.push(updated.body.credentials.hmacSecret!);
      const again = await runtime.api<CreatedPartner>('PUT', '/api/partners/acme', { name: 'Acme', authMethod: 'hmac' }, analyst);
      expect(again.body.credentials).toEqual({});
    });

    it('deletes a partner', async () => {
      await createPartner(runtime, admin, { id: 'short-lived', name: 'Short lived' });
      expect((await runtime.api('DELETE', '/api/partners/short-lived', undefined, admin)).status).toBe(200);
      expect((await runtime.api('GET', '/api/partners/short-lived', undefined, admin)).status).toBe(404);
    });

    it('leaves no plaintext partner secret anywhere in the data directory', async () => {
      expect(issuedSecrets.length).toBeGreaterThanOrEqual(8);
      // nedb appends asynchronously; a read of the partner forces the writes before it to be on disk.
      await runtime.api('GET', '/api/partners', undefined, admin);
      const files = filesUnder(runtime.dataDir);
      const partnerFile = files.find((file) => file.endsWith('partners.db'));
      expect(partnerFile).toBeDefined();
      expect(readFileSync(partnerFile!, 'utf8')).toContain('sealedHmacSecret');
      for (const file of files) {
        const content = readFileSync(file).toString('latin1');
        for (const secret of issuedSecrets) expect(content.includes(secret), `${path.basename(file)} contains a plaintext secret`).toBe(false);
      }
    });
  });

  describe('xref tables', () => {
    it('imports CSV, looks it up, exports the same CSV and keeps versions', async () => {
      const csv = 'supplierItem,sku,description\nACME-1,SKU-10001,"Hex bolt, M8"\nACME-2,SKU-10002,Hex nut\n';
      const created = await putCsv(runtime, analyst, 'acme-items', csv, '?keyColumn=supplierItem');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ version: 1, rowCount: 2, keyColumn: 'supplierItem', columns: ['supplierItem', 'sku', 'description'] });

      const table = await runtime.api<{ rows: Array<Record<string, string>> }>('GET', '/api/xref/acme-items', undefined, operator);
      expect(table.body.rows[0]).toEqual({ supplierItem: 'ACME-1', sku: 'SKU-10001', description: 'Hex bolt, M8' });

      const exported = await fetch(`${runtime.url}/api/xref/acme-items/csv`, { headers: { authorization: `Bearer ${operator}` } });
      expect(exported.headers.get('content-type')).toContain('text/csv');
      expect(await exported.text()).toBe(csv);

      const replaced = await runtime.api<{ version: number }>('PUT', '/api/xref/acme-items', { keyColumn: 'supplierItem', rows: [{ supplierItem: 'ACME-3', sku: 'SKU-10003' }] }, admin);
      expect(replaced.status).toBe(200);
      expect(replaced.body.version).toBe(2);
      const versions = await runtime.api<{ versions: Array<{ version: number; rowCount: number; author: string }> }>('GET', '/api/xref/acme-items/versions', undefined, operator);
      expect(versions.body.versions.map((v) => [v.version, v.rowCount, v.author])).toEqual([[2, 1, 'admin'], [1, 2, 'anna']]);
      const first = await runtime.api<{ rows: unknown[] }>('GET', '/api/xref/acme-items/versions/1', undefined, operator);
      expect(first.body.rows).toHaveLength(2);
      const list = await runtime.api<{ tables: Array<{ name: string; version: number; rowCount: number }> }>('GET', '/api/xref', undefined, operator);
      expect(list.body.tables).toContainEqual(expect.objectContaining({ name: 'acme-items', version: 2, rowCount: 1 }));
    });

    it('answers a malformed CSV with 400 and the line and column', async () => {
      const unclosed = await putCsv(runtime, admin, 'broken', 'item,sku\nA,SKU-1\n"B,SKU-2\n', '?keyColumn=item');
      expect(unclosed.status).toBe(400);
      expect(unclosed.body.details[0]).toMatchObject({ line: 3, column: 1 });
      const ragged = await putCsv(runtime, admin, 'broken', 'item,sku\nA,SKU-1\nB,SKU-2,extra\n', '?keyColumn=item');
      expect(ragged.status).toBe(400);
      expect(ragged.body.details[0]).toMatchObject({ line: 3, path: 'line 3' });
      expect((await runtime.api('GET', '/api/xref/broken', undefined, admin)).status).toBe(404);
    });

    it('answers CSV with duplicate keys, an unknown key column or the wrong content type with located 4xx', async () => {
      const duplicate = await putCsv(runtime, admin, 'dups', 'item,sku\nA,1\nB,2\nA,3\n', '?keyColumn=item');
      expect(duplicate.status).toBe(422);
      expect(duplicate.body.details).toEqual([expect.objectContaining({ line: 4, column: 1, field: 'item', message: 'duplicate key "A" (first on line 2)' })]);
      const unknownKey = await putCsv(runtime, admin, 'dups', 'item,sku\nA,1\n', '?keyColumn=supplierItem');
      expect(unknownKey.status).toBe(422);
      expect(unknownKey.body.details[0]).toMatchObject({ line: 1 });
      const json = await putCsv(runtime, admin, 'dups', 'item,sku\nA,1\n', '', 'application/json');
      expect([400, 415]).toContain(json.status);
      expect((await putCsv(runtime, operator, 'dups', 'item,sku\nA,1\n')).status).toBe(403);
    });

    it('rejects a JSON table whose rows repeat a key, naming the row', async () => {
      const response = await runtime.api<{ details: Array<{ path: string }> }>('PUT', '/api/xref/uom', { keyColumn: 'uom', rows: [{ uom: 'CS', factor: '12' }, { uom: 'CS', factor: '6' }] }, admin);
      expect(response.status).toBe(422);
      expect(response.body.details[0]!.path).toBe('$.rows[1].uom');
    });

    it('deletes a table', async () => {
      expect((await runtime.api('DELETE', '/api/xref/acme-items', undefined, admin)).status).toBe(200);
      expect((await runtime.api('GET', '/api/xref/acme-items', undefined, admin)).status).toBe(404);
      expect((await runtime.api('DELETE', '/api/xref/acme-items', undefined, admin)).status).toBe(404);
    });
  });
});
