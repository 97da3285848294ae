// Attack: another local user (a shared host, a sidecar, a mis-set volume) reads the data directory: stores, queue log, keys.
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { postAck } from '../reliability/support.js';

/** Every entry whose mode is not owner-only (files 0600, directories 0700), as "path mode". */
function loosePermissions(root: string): string[] {
  const loose: string[] = [];
  const walk = (entry: string) => {
    const stat = lstatSync(entry);
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) loose.push(`${path.relative(root, entry) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const child of readdirSync(entry)) walk(path.join(entry, child));
  };
  walk(root);
  return loose;
}

let runtime: RuntimeProcess | undefined;
afterAll(async () => {
  await runtime?.stop();
});

describe('the data directory', () => {
  const dataDir = tempDataDir('permissions-');

  it('holds only owner-only files and directories after a start and some traffic', async () => {
    chmodSync(dataDir, 0o755);
    runtime = await startRuntime({ dataDir });
    const token = await runtime.login();
    expect(await postAck(runtime.url, runtime.demoApiKey, { poNumber: 'PO-1003', ackNumber: 'PERM-1', status: 'accepted', lines: [{ line: 1, status: 'accepted' }] })).toBe(202);
    await runtime.api('POST', '/api/partners', { id: 'perm-partner', name: 'perm' }, token);
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(['queue.db', 'users.db', 'partners.db', 'flow-versions.db', 'secret.key', 'node-red', 'demo-erp']));
    expect(loosePermissions(dataDir)).toEqual([]);
    await runtime.stop();
    expect(loosePermissions(dataDir)).toEqual([]);
  }, 60_000);

  it('tightens entries an older runtime (or a restore) left readable by others, at start', async () => {
    chmodSync(path.join(dataDir, 'users.db'), 0o644);
    chmodSync(path.join(dataDir, 'demo-erp'), 0o755);
    chmodSync(path.join(dataDir, 'demo-erp', 'events.db'), 0o666);
    chmodSync(path.join(dataDir, 'node-red', 'package.json'), 0o644);
    expect(loosePermissions(dataDir)).toHaveLength(4);
    runtime = await startRuntime({ dataDir });
    expect(loosePermissions(dataDir)).toEqual([]);
  }, 60_000);
});
