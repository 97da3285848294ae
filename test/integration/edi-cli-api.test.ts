// EDI from the command line and over HTTP: parse to canonical JSON, generate from it, located errors.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

const run = promisify(execFile);
const FIXTURE = path.join(REPO_ROOT, 'test', 'edi', 'fixtures', 'x12-850-4010-caret.edi');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('tradelane edi (CLI)', () => {
  it('parses an 850 to canonical JSON and generates it back', async () => {
    const parsed = await cli('edi', 'parse', FIXTURE);
    expect(parsed.code).toBe(0);
    const result = JSON.parse(parsed.stdout) as { standard: string; transactions: Array<{ type: string; document: { poNumber: string } }> };
    expect(result.standard).toBe('x12');
    expect(result.transactions[0]).toMatchObject({ type: '850', document: { poNumber: expect.any(String) } });

    const canonical = path.join(tempDataDir('edi-cli-'), 'po.json');
    writeFileSync(canonical, JSON.stringify(result.transactions[0]!.document));
    const generated = await cli('edi', 'generate', '--type', '850', '--in', canonical, '--sender', 'ZZ:ACME', '--receiver', 'ZZ:SUPPLIER');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^ISA\*/);
    const reparsedFile = path.join(path.dirname(canonical), 'po.edi');
    writeFileSync(reparsedFile, generated.stdout);
    const reparsed = JSON.parse((await cli('edi', 'parse', reparsedFile)).stdout) as typeof result;
    expect(reparsed.transactions[0]!.document).toEqual(result.transactions[0]!.document);
  });

  it('exits non-zero with a located message for broken EDI', async () => {
    const broken = path.join(tempDataDir('edi-cli-'), 'broken.edi');
    writeFileSync(broken, 'ISA*00*truncated');
    const parsed = await cli('edi', 'parse', broken);
    expect(parsed.code).not.toBe(0);
    expect(parsed.stderr).toMatch(/ISA.*segment #0.*byte 0/);
  });
});

describe('POST /api/edi/parse', () => {
  let runtime: RuntimeProcess;
  let token: string;
  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    token = await runtime.login();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const post = (body: string, contentType = 'application/edi-x12') =>
    fetch(`${runtime.url}/api/edi/parse`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });

  it('returns canonical documents and envelope facts', async () => {
    const { readFileSync } = await import('node:fs');
    const response = await post(readFileSync(FIXTURE, 'utf8'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { interchanges: Array<{ senderId: string }>; transactions: Array<{ type: string }> };
    expect(body.interchanges[0]!.senderId).toBe('BUYERCO');
    expect(body.transactions.map((t) => t.type)).toContain('850');
  });

  it('generates for a partner with its identifiers and persisted control numbers (API and CLI --partner)', async () => {
    const created = await runtime.api('POST', '/api/partners', { id: 'edi-acme', name: 'Acme EDI', identifiers: { isaQualifier: '01', isaId: 'ACMEISA', gsId: 'ACMEGS' } }, token);
    expect(created.status).toBe(201);
    const { readFileSync } = await import('node:fs');
    const parsed = JSON.parse((await cli('edi', 'parse', FIXTURE)).stdout) as { transactions: Array<{ document: unknown }> };
    const first = await runtime.api<{ text: string; interchangeControlNumber: string }>('POST', '/api/edi/generate', { type: '850', document: parsed.transactions[0]!.document, partnerId: 'edi-acme' }, token);
    expect(first.status).toBe(200);
    expect(first.body.text).toMatch(/^ISA\*00\*.{10}\*00\*.{10}\*ZZ\*TRADELANE {6}\*01\*ACMEISA {8}\*/);
    expect(first.body.text).toContain('GS*PO*TRADELANE*ACMEGS*');

    const documentFile = path.join(tempDataDir('edi-cli-'), 'po.json');
    writeFileSync(documentFile, JSON.stringify(parsed.transactions[0]!.document));
    const { stdout, stderr } = await run(process.execPath, [CLI, 'edi', 'generate', '--type', '850', '--in', documentFile, '--partner', 'edi-acme', '--url', runtime.url], { env: { ...process.env, TRADELANE_PASSWORD: runtime.adminPassword } });
    expect(stderr).toBe('');
    const controlNumber = (text: string) => text.split('*')[13];
    expect(Number(controlNumber(stdout))).toBe(Number(first.body.interchangeControlNumber) + 1);
    expect(readFileSync(FIXTURE, 'utf8')).toBeTruthy();

    const unknown = await runtime.api<{ details: Array<{ path: string }> }>('POST', '/api/edi/generate', { type: '850', document: {}, partnerId: 'nobody' }, token);
    expect(unknown.status).toBe(404);
  });

  it('answers 400 with the segment for unreadable EDI, and 415 for a JSON body', async () => {
    const broken = await post('ISA*00*truncated');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { details: Array<{ segment: string }> }).details[0]!.segment).toBe('ISA');
    expect((await post('{"a":1}', 'application/json')).status).toBe(415);
  });
});
