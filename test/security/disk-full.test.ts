// Accident: the data directory's file system fills up. Intake must answer 503 + Retry-After at once (not time out), lose nothing accepted before, and recover without a restart.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCollection } from '../../runtime/store/collection.js';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { demoKey, erpApplications, type AckRef } from '../reliability/support.js';
import { waitFor } from '../support/wait-for.js';

// A real full file system: a small tmpfs mounted as the data directory (needs root, as on this machine and in CI).
const mountPoint = mkdtempSync(path.join(tmpdir(), 'disk-full-'));
const filler = path.join(mountPoint, 'filler.bin');
let runtime: RuntimeProcess;

/** Writes until ENOSPC with ever smaller chunks, so not even a short line fits any more. */
function fillDisk(): void {
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 256, 1]) {
      const chunk = Buffer.alloc(size, 0x41);
      for (;;) {
        try {
          if (writeSync(fd, chunk) < size) break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

interface Answer { status: number; retryAfter: string | null; body: { error?: string; details?: Array<{ path?: string; message: string }> } }

async function postAck(ref: AckRef): Promise<Answer> {
  const response = await fetch(`${runtime.url}/partners/demo-supplier/po-acks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': runtime.demoApiKey },
    body: JSON.stringify({ poNumber: ref.poNumber, ackNumber: ref.ackNumber, status: 'accepted', lines: [{ line: 1, status: 'accepted' }] }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

const applied = (ref: AckRef) => waitFor(() => erpApplications(runtime), (counts) => counts.get(demoKey(ref)) === 1, 120_000, `${ref.ackNumber} applied once`);

beforeAll(async () => {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mountPoint]);
  runtime = await startRuntime({ dataDir: mountPoint });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe('a full data directory', () => {
  const before: AckRef = { poNumber: 'PO-1001', ackNumber: 'FULL-BEFORE' };
  // Appends still fit into the last allocated page of a file for a while: every ack answered 202 until then counts.
  const acceptedWhileFilling: AckRef[] = [];
  let refused: AckRef | undefined;

  it('answers intake with 503, Retry-After and the located cause, and keeps running', async () => {
    expect((await postAck(before)).status).toBe(202);
    await applied(before);
    fillDisk();
    let answer: Answer | undefined;
    for (let n = 0; n < 500 && !refused; n++) {
      const ref = { poNumber: `PO-${1001 + (n % 20)}`, ackNumber: `FULL-${n}` };
      answer = await postAck(ref);
      if (answer.status === 202) acceptedWhileFilling.push(ref);
      else refused = ref;
    }
    expect(answer?.status).toBe(503);
    expect(answer?.retryAfter).toMatch(/^\d+$/);
    expect(answer?.body.error).toMatch(/not stored \(the data directory is full\)/);
    expect(answer?.body.details).toEqual([{ path: 'queue.demo-supplier-po-acks', message: expect.stringContaining('ENOSPC') }]);
    const again = await postAck(refused!);
    expect(again.status).toBe(503);
    expect((await fetch(`${runtime.url}/api/health`)).status).toBe(200);
  }, 90_000);

  it('accepts again as soon as space returns, without a restart, and loses nothing accepted', async () => {
    unlinkSync(filler);
    const accepted = await waitFor(() => postAck(refused!), (answer) => answer.status !== 503, 30_000, 'intake to accept again');
    expect(accepted.status).toBe(202);
    for (const ref of [before, ...acceptedWhileFilling, refused!]) await applied(ref);
  }, 240_000);

  it('restarts cleanly afterwards: no store was left with a corrupt line', async () => {
    await runtime.stop();
    runtime = await startRuntime({ dataDir: mountPoint });
    const counts = await erpApplications(runtime);
    for (const ref of [before, ...acceptedWhileFilling, refused!]) expect(counts.get(demoKey(ref)), ref.ackNumber).toBe(1);
    expect((await postAck(refused!)).status).toBe(200);
  }, 90_000);
});

describe('an nedb store on the full disk', () => {
  it('forgets a change its file never got, and takes the same record again once space returns', async () => {
    const dir = path.join(mountPoint, 'unit-store');
    mkdirSync(dir);
    const things = openCollection<{ _id: string; text: string }>(dir, 'things');
    await things.ensureIndex({ fieldName: 'text', unique: true });
    await things.insert({ _id: 'a', text: 'first' });
    const big = 'x'.repeat(64 * 1024);
    fillDisk();
    try {
      await expect(things.insert({ _id: 'b', text: big })).rejects.toThrow(/ENOSPC/);
      expect(await things.findOne({ _id: 'b' })).toBeNull();
    } finally {
      unlinkSync(filler);
    }
    await things.insert({ _id: 'b', text: big });
    const reopened = openCollection<{ _id: string; text: string }>(dir, 'things');
    expect((await reopened.find({})).map((thing) => thing._id).sort()).toEqual(['a', 'b']);
  });
});
